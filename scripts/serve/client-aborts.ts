import type { ServerMiddleware } from 'srvx'

/** 499, as nginx logs it: the client closed the connection before the answer was sent. */
class ClientClosedRequest extends Error {
  override name = 'ClientClosedRequest'
  readonly status = 499
}

/** At most this many abort lines per window; past it, one line counts the rest. */
const ABORT_LINES_PER_WINDOW = 20
const ABORT_WINDOW_MS = 10_000

let windowStart = 0
let linesInWindow = 0
let suppressed = 0

/** Logs one line per aborted request, at most ABORT_LINES_PER_WINDOW per window: a client that connects and hangs up in a loop cannot flood the log. */
function logAbort(line: string, now = Date.now()) {
  if (now - windowStart >= ABORT_WINDOW_MS) {
    if (suppressed > 0) console.warn(`… and ${suppressed} more requests whose connection closed early in the last ${ABORT_WINDOW_MS / 1000} s`)
    windowStart = now
    linesInWindow = 0
    suppressed = 0
  }
  if (linesInWindow < ABORT_LINES_PER_WINDOW) {
    linesInWindow += 1
    console.warn(line)
  } else suppressed += 1
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
      logAbort(`${request.method} ${pathname}: the connection closed before the answer was sent (${reason?.code ?? reason?.name ?? 'aborted'})`)
    }
  }
}
