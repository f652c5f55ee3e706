import { http } from 'msw'
import type { AppDatabase } from '#db/connection'
import { handleApiRequest } from '~/http/api-router'
import { updateProduct } from './database-rows'
import { server } from './msw'

export type RecordedRequest = { method: string; path: string; body: unknown; idempotencyKey: string | null }

type HeldRequest = RecordedRequest & { release: () => void }

/** Stands in for the server on a request: answer it yourself, or call `forward` to let the API answer. */
type Override = (request: Request, forward: () => Promise<Response>) => Promise<Response | undefined> | Response | undefined

/**
 * The real API, on a real SQLite database, behind msw: the browser code under test talks HTTP to
 * the same handlers as in production. It acts as one browser (keeps its cookies), records
 * every request, and can hold writes back so a test sees the screen before the server answers.
 */
export function serveShopApi(db: AppDatabase) {
  // The browser's cookie jar: name → value (the cart's and the admin session's).
  const jar = new Map<string, string>()
  const cookieHeader = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ') || undefined
  const requests: RecordedRequest[] = []
  const held: HeldRequest[] = []
  let holding: 'requests' | 'answers' | false = false
  let override: Override | undefined

  // Like a browser: the cookie a request carries is the one the jar held when it was sent.
  async function forward(request: Request, body: string | undefined, sentCookie = cookieHeader()) {
    const headers = new Headers(request.headers)
    if (sentCookie) headers.set('cookie', sentCookie)
    return handleApiRequest(new Request(request.url, { method: request.method, headers, body }), { db })
  }

  /** Like a browser: the jar takes a Set-Cookie when the answer arrives, not when the server sends it. */
  function receive(response: Response) {
    const setCookie = response.headers.get('set-cookie')
    const [pair] = setCookie?.split(';') ?? []
    const separator = pair?.indexOf('=') ?? -1
    if (pair && separator > 0) {
      const [name, value] = [pair.slice(0, separator), pair.slice(separator + 1)]
      if (value === '') jar.delete(name)
      else jar.set(name, value)
    }
    return response
  }

  server.use(
    http.all('*/api/*', async ({ request }) => {
      const url = new URL(request.url)
      const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.text()
      const recorded = {
        method: request.method,
        path: url.pathname + url.search,
        body: body ? (JSON.parse(body) as unknown) : undefined,
        idempotencyKey: request.headers.get('idempotency-key'),
      }
      requests.push(recorded)
      const sentCookie = cookieHeader()
      const hold = () => new Promise<void>((release) => held.push({ ...recorded, release }))
      const isWrite = request.method !== 'GET'
      if (holding === 'requests' && isWrite) await hold()
      const answer = (await override?.(request, () => forward(request, body, sentCookie))) ?? (await forward(request, body, sentCookie))
      if (holding === 'answers' && isWrite) await hold()
      return receive(answer)
    }),
  )

  return {
    requests,
    writes: () => requests.filter((request) => request.method !== 'GET'),
    /**
     * Writes from now on wait until released; `held` lists them in the order they arrived. By
     * default the server applies a write only when it is released; with 'answers' it applies it at
     * once and holds back only the answer (so answers can come back in another order).
     */
    holdWrites(stage: 'requests' | 'answers' = 'requests') {
      holding = stage
    },
    held,
    /** Answers requests through `answer` (after any hold) until the test ends. */
    override(answer: Override) {
      override = answer
    },
    releaseAll() {
      holding = false
      for (const request of held.splice(0)) request.release()
    },
    /** Sets a product's stock on the server, as another shopper's purchase or an admin would. */
    setStock(productId: number, stock: number) {
      updateProduct(db, productId, { stock })
    },
    /** The shopper's cart as the server has it (not through msw, not recorded). */
    async call(method: string, path: string, body?: unknown) {
      const request = new Request(new URL(path, 'http://localhost:3000'), {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const response = receive(await forward(request, body === undefined ? undefined : JSON.stringify(body)))
      return response.status === 204 ? undefined : (response.json() as Promise<unknown>)
    },
  }
}
