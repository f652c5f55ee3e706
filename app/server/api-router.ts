import type { AppDatabase } from '#db/connection'
import { adminApi } from '~/features/admin/admin.api'
import { cartApi } from '~/features/cart/cart.api'
import { inventoryApi } from '~/features/inventory/inventory.api'
import { ordersApi } from '~/features/orders/orders.api'
import { catalogApi } from '~/features/catalog/catalog.api'
import { ApiError } from '~/lib/api-error'
import { limitBody, refuseDeclaredOversize } from './body-limit'
import { errorResponse, json } from './http'

export type ApiContext = {
  request: Request
  url: URL
  params: Record<string, string>
  db: AppDatabase
  /** The caller's address as the HTTP server saw it (srvx's `request.ip`); absent in-process. */
  clientIp: string | undefined
}

export type ApiHandler = (context: ApiContext) => Response | Promise<Response>

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** The whole HTTP API in one table: method, path (":name" captures a segment), handler. */
const routes: Array<[Method, string, ApiHandler]> = [
  ['GET', '/api/health', () => json({ ok: true })],
  ['GET', '/api/categories', catalogApi.listCategories],
  ['GET', '/api/products', catalogApi.listProducts],
  ['GET', '/api/products/:slug', catalogApi.getProduct],
  ['GET', '/api/stock', catalogApi.getStock],
  ['GET', '/api/cart', cartApi.getCart],
  ['POST', '/api/cart/lines', cartApi.addLine],
  ['PUT', '/api/cart/lines/:productId', cartApi.setLineQuantity],
  ['DELETE', '/api/cart/lines/:productId', cartApi.removeLine],
  ['POST', '/api/checkout', ordersApi.checkout],
  ['GET', '/api/orders', ordersApi.list],
  ['GET', '/api/orders/:id', ordersApi.get],
  ['GET', '/api/admin/session', adminApi.getSession],
  ['POST', '/api/admin/session', adminApi.signIn],
  ['DELETE', '/api/admin/session', adminApi.signOut],
  ['GET', '/api/admin/inventory', inventoryApi.list],
  ['PATCH', '/api/admin/products/:id', inventoryApi.update],
  ['POST', '/api/admin/products/:id/restock', inventoryApi.restock],
  ['GET', '/api/admin/stock-movements', inventoryApi.stockMovements],
]

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Writes must come from our own pages. A browser says where a request came from in Sec-Fetch-Site,
 * which is trusted when present (as Start's own CSRF guard does); older browsers send only Origin,
 * compared by host (behind a TLS-terminating proxy the request URL can say http). A script outside
 * a browser sends neither and carries no victim's cookie.
 */
function refuseCrossSiteWrite(request: Request, url: URL) {
  if (SAFE_METHODS.has(request.method)) return
  const site = request.headers.get('sec-fetch-site')
  const origin = request.headers.get('origin')
  const sameSite = site !== null ? site === 'same-origin' : origin === null || URL.parse(origin)?.host === url.host
  if (!sameSite) throw new ApiError(403, 'FORBIDDEN', 'Changes must come from this shop’s own pages')
}

const compiled = routes.map(([method, path, handler]) => ({
  method,
  handler,
  names: [...path.matchAll(/:(\w+)/g)].map((match) => match[1] as string),
  pattern: new RegExp(`^${path.replace(/:\w+/g, '([^/]+)')}/?$`),
}))

function match(method: string, pathname: string) {
  const candidates = compiled.flatMap((route) => {
    const found = route.pattern.exec(pathname)
    return found ? [{ route, values: found.slice(1) }] : []
  })
  if (candidates.length === 0) return { kind: 'not-found' as const }
  const hit = candidates.find(({ route }) => route.method === method || (method === 'HEAD' && route.method === 'GET'))
  if (!hit) {
    const methods = new Set(candidates.map(({ route }) => route.method as string))
    if (methods.has('GET')) methods.add('HEAD')
    methods.add('OPTIONS')
    return { kind: 'wrong-method' as const, allow: [...methods] }
  }
  const params: Record<string, string> = {}
  for (const [index, name] of hit.route.names.entries()) {
    try {
      params[name] = decodeURIComponent(hit.values[index] ?? '')
    } catch {
      throw new ApiError(400, 'VALIDATION_ERROR', `The ${name} in the path is not valid percent-encoding`, [
        { path: name, message: 'Not valid percent-encoding', code: 'invalid_format' },
      ])
    }
  }
  return { kind: 'found' as const, handler: hit.route.handler, params }
}

/**
 * Answers one API request. The /api server route calls this for the browser, and the SSR query
 * functions call it in-process, so both go through the same validation and error mapping.
 */
export async function handleApiRequest(request: Request, { db }: { db: AppDatabase }): Promise<Response> {
  try {
    const url = new URL(request.url)
    refuseDeclaredOversize(request)
    const found = match(request.method, url.pathname)
    if (found.kind === 'not-found') throw new ApiError(404, 'NOT_FOUND', `No API endpoint at ${url.pathname}`)
    if (found.kind === 'wrong-method') {
      // Decided before any body is read: an exotic method (TRACE, CONNECT) never reaches a handler.
      const allow = found.allow.join(', ')
      if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: { allow } })
      return errorResponse(new ApiError(405, 'METHOD_NOT_ALLOWED', `${request.method} is not allowed here; use ${allow}`), { allow })
    }
    refuseCrossSiteWrite(request, url)
    // Read before limitBody, which may hand on a rebuilt Request without it.
    const clientIp = (request as Request & { ip?: string }).ip
    const limited = await limitBody(request)
    return await found.handler({ request: limited, url, params: found.params, db, clientIp })
  } catch (error) {
    if (error instanceof ApiError) return errorResponse(error)
    // Anything else is our bug, not the caller's: log it whole, answer without internals.
    console.error('Unhandled API error', error)
    return errorResponse(new ApiError(500, 'INTERNAL_ERROR', 'Something went wrong on our side'))
  }
}
