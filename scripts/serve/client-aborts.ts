import type { ServerMiddleware } from 'srvx'

/** 499, as nginx logs it: the client closed the connection before the answer was sent. */
class ClientClosedRequest extends Error {
  override name = 'ClientClosedRequest'
  readonly status = 499
}

/**
 * Start rethrows the signal's reason when a request is aborted and logs any error that carries no
 * HTTP status, so every client that went away (a closed tab, a cancelled fetch, a request timeout)
 * printed Node's "aborted" error with its stack. Start is handed a signal whose reason carries 499
 * instead, and this logs the request in one line once Start has let go of it.
 */
export const logClientAbortsInOneLine: ServerMiddleware = async (request, next) => {
  const clientSignal = request.signal
  const controller = new AbortController()
  clientSignal.addEventListener('abort', () => controller.abort(new ClientClosedRequest('The client closed the connection')), { once: true })
  Object.defineProperty(request, 'signal', { value: controller.signal })
  try {
    return await next()
  } finally {
    if (clientSignal.aborted) {
      const reason = clientSignal.reason as { code?: string; name?: string } | undefined
      const { pathname } = new URL(request.url)
      console.warn(`${request.method} ${pathname}: the connection closed before the answer was sent (${reason?.code ?? reason?.name ?? 'aborted'})`)
    }
  }
}
