import { http } from 'msw'
import type { AppDatabase } from '#db/connection'
import { handleApiRequest } from '~/server/api-router'
import { server } from './msw'

export type RecordedRequest = { method: string; path: string; body: unknown; idempotencyKey: string | null }

type HeldRequest = RecordedRequest & { release: () => void }

/** Stands in for the server on a request: answer it yourself, or call `forward` to let the API answer. */
type Override = (request: Request, forward: () => Promise<Response>) => Promise<Response | undefined> | Response | undefined

/**
 * The real API, on a real SQLite database, behind msw: the browser code under test talks HTTP to
 * the same handlers as in production. It acts as one browser (keeps the cart cookie), records
 * every request, and can hold writes back so a test sees the screen before the server answers.
 */
export function serveShopApi(db: AppDatabase) {
  let cookie: string | undefined
  const requests: RecordedRequest[] = []
  const held: HeldRequest[] = []
  let holding = false
  let override: Override | undefined

  async function forward(request: Request, body: string | undefined) {
    const headers = new Headers(request.headers)
    if (cookie) headers.set('cookie', cookie)
    const response = await handleApiRequest(new Request(request.url, { method: request.method, headers, body }), { db })
    const setCookie = response.headers.get('set-cookie')
    if (setCookie) cookie = setCookie.split(';')[0]
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
      if (holding && request.method !== 'GET') {
        await new Promise<void>((release) => held.push({ ...recorded, release }))
      }
      const answer = await override?.(request, () => forward(request, body))
      return answer ?? forward(request, body)
    }),
  )

  return {
    requests,
    writes: () => requests.filter((request) => request.method !== 'GET'),
    /** Writes from now on wait until released; `held` lists them in the order they arrived. */
    holdWrites() {
      holding = true
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
    /** The shopper's cart as the server has it (not through msw, not recorded). */
    async call(method: string, path: string, body?: unknown) {
      const request = new Request(new URL(path, 'http://localhost:3000'), {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const response = await forward(request, body === undefined ? undefined : JSON.stringify(body))
      return response.json() as Promise<unknown>
    },
  }
}
