import type { Database } from '#db/work'
import { adminApi } from '~/features/admin/admin.api'
import { requireAdmin, type Admin } from '~/features/admin/admin-auth.server'
import { cartApi } from '~/features/cart/cart.api'
import { catalogAdminApi } from '~/features/inventory/catalog-admin.api'
import { inventoryApi } from '~/features/inventory/inventory.api'
import { orderAdminApi } from '~/features/orders/order-admin.api'
import { checkoutApi } from '~/features/orders/checkout.api'
import { ordersApi } from '~/features/orders/orders.api'
import { catalogApi } from '~/features/catalog/catalog.api'
import { ApiError } from '~/lib/api-error'
import { openEventStream, readEventCursor } from '~/live/event-stream'
import { serverSettings } from '../../app.config'
import { limitBody, refuseDeclaredOversize } from './body-limit'
import { clientAddress, isHttpsRequest } from './client-address'
import { errorResponse, json } from './http'
import { readCartToken } from './shopper-cookie'
import { takeWriteBudget, type LimitedWrite, type PerAddressLimits } from './write-limits'
// Before any request is parsed: the messages a VALIDATION_ERROR's details carry.
import './zod-messages'

export type ApiContext = {
  request: Request
  url: URL
  params: Record<string, string>
  db: Database
  /** The caller's address (see client-address.ts); absent in-process. */
  clientIp: string | undefined
  /** The signed-in admin this request acts for; without a valid session, a 401 (every /api/admin handler starts here). */
  requireAdmin: () => Promise<Admin>
}

export type { Admin }

export type ApiHandler = (context: ApiContext) => Response | Promise<Response>

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** The whole HTTP API in one table: method, path (":name" captures a segment), handler, and the write budget it spends. */
const routes: Array<[Method, string, ApiHandler, LimitedWrite?]> = [
  ['GET', '/api/health', () => json({ ok: true })],
  ['GET', '/api/categories', catalogApi.listCategories],
  ['GET', '/api/products', catalogApi.listProducts],
  ['GET', '/api/products/:slug', catalogApi.getProduct],
  ['GET', '/api/stock', catalogApi.getStock],
  ['GET', '/api/cart', cartApi.getCart],
  ['POST', '/api/cart/lines', cartApi.addLine, 'cart'],
  ['PUT', '/api/cart/lines/:productId', cartApi.setLineQuantity, 'cart'],
  ['DELETE', '/api/cart/lines/:productId', cartApi.removeLine, 'cart'],
  ['POST', '/api/checkout', checkoutApi.placeOrder, 'checkout'],
  ['GET', '/api/orders', ordersApi.list],
  ['GET', '/api/orders/:id', ordersApi.get],
  ['GET', '/api/admin/session', adminApi.getSession],
  ['POST', '/api/admin/session', adminApi.signIn],
  ['DELETE', '/api/admin/session', adminApi.signOut],
  ['GET', '/api/admin/inventory', inventoryApi.list],
  ['PATCH', '/api/admin/products/:id', inventoryApi.update],
  ['POST', '/api/admin/products/:id/restock', inventoryApi.restock],
  ['GET', '/api/admin/stock-movements', inventoryApi.stockMovements],
  ['POST', '/api/admin/catalog/products', catalogAdminApi.createProduct],
  ['GET', '/api/admin/catalog/products/:id', catalogAdminApi.getProduct],
  ['PATCH', '/api/admin/catalog/products/:id', catalogAdminApi.editProduct],
  ['POST', '/api/admin/catalog/products/:id/archive', catalogAdminApi.archiveProduct],
  ['POST', '/api/admin/catalog/products/:id/restore', catalogAdminApi.restoreProduct],
  ['GET', '/api/admin/catalog/categories', catalogAdminApi.listCategories],
  ['POST', '/api/admin/catalog/categories', catalogAdminApi.createCategory],
  ['PATCH', '/api/admin/catalog/categories/:slug', catalogAdminApi.renameCategory],
  ['GET', '/api/admin/catalog/changes', catalogAdminApi.listChanges],
  ['GET', '/api/admin/orders', orderAdminApi.list],
  ['POST', '/api/admin/orders/:id/cancel', orderAdminApi.cancel],
  ['GET', '/api/events', openEventStream],
  ['GET', '/api/events/cursor', readEventCursor],
]

/** Every endpoint's method and path, for tests that go over the whole API (the fuzz test). */
export const apiEndpoints = routes.map(([method, path]) => ({ method, path }))

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Writes must come from our own pages. A browser says where a request came from in Sec-Fetch-Site,
 * which is trusted when present (as Start's own CSRF guard does); older browsers send only Origin,
 * which must be this shop's origin: scheme, host and port (the scheme a trusted proxy reports, when
 * TLS ends there). A script outside a browser sends neither and carries no victim's cookie. Form
 * posts (form-posts.ts) pass the same check.
 */
export function refuseCrossSiteWrite(request: Request, url: URL, policy: RequestPolicy) {
  if (SAFE_METHODS.has(request.method)) return
  const site = request.headers.get('sec-fetch-site')
  const origin = request.headers.get('origin')
  const ownOrigin = `${isHttpsRequest(request, policy) ? 'https:' : 'http:'}//${url.host}`
  const sameSite = site !== null ? site === 'same-origin' : origin === null || URL.parse(origin)?.origin === URL.parse(ownOrigin)?.origin
  if (!sameSite) throw new ApiError(403, 'FORBIDDEN', 'Changes must come from this shop’s own pages')
}

/** What the server's settings say about callers: whether to trust a proxy, and the write budgets per address. */
export type RequestPolicy = { trustProxy: boolean; perAddress: PerAddressLimits }

export function settingsPolicy(): RequestPolicy {
  const settings = serverSettings()
  return { trustProxy: settings.TRUST_PROXY, perAddress: { cart: settings.CART_WRITES_PER_MINUTE, checkout: settings.CHECKOUTS_PER_MINUTE } }
}

const compiled = routes.map(([method, path, handler, limit]) => ({
  method,
  handler,
  limit,
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
  return { kind: 'found' as const, handler: hit.route.handler, limit: hit.route.limit, params }
}

/**
 * Answers one API request. The /api server route calls this for the browser, and the SSR query
 * functions call it in-process, so both go through the same validation and error mapping.
 */
export async function handleApiRequest(request: Request, { db, policy = settingsPolicy() }: { db: Database; policy?: RequestPolicy }): Promise<Response> {
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
    refuseCrossSiteWrite(request, url, policy)
    // Read before limitBody, which may hand on a rebuilt Request without it.
    const clientIp = clientAddress(request, policy)
    // Spent before the body is read: a flood costs the server as little as possible.
    if (found.limit) await takeWriteBudget(db, found.limit, { address: clientIp, cartToken: readCartToken(request), perAddress: policy.perAddress })
    const limited = await limitBody(request)
    return await found.handler({ request: limited, url, params: found.params, db, clientIp, requireAdmin: () => requireAdmin(db, request) })
  } catch (error) {
    if (error instanceof ApiError) return errorResponse(error)
    // Anything else is our bug, not the caller's: log it whole, answer without internals.
    console.error('Unhandled API error', error)
    return errorResponse(new ApiError(500, 'INTERNAL_ERROR', 'Something went wrong on our side'))
  }
}
