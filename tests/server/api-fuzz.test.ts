import { gt, lt, or } from 'drizzle-orm'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import type { AppDatabase } from '#db/connection'
import { MAX_CART_LINES, MAX_CART_UNITS, MAX_LINE_QUANTITY, MAX_PRICE_CENTS, MAX_STOCK } from '#db/limits'
import type { Tables } from '#db/work'
import { apiEndpoints, handleApiRequest, type RequestPolicy } from '~/http/api-router'
import { testEngine } from '../support/engine-database'
import { setUpShopOnEitherEngine } from '../support/fresh-shop'
import { countRows, findProduct, readCartSizes, readNewestOrderNumbers } from '../support/shop-rows'

/**
 * Every endpoint in the router's table, fed generated inputs: path segments, query strings,
 * bodies (well-formed, near-valid and broken), headers and cookies. Whatever arrives, the answer
 * is never a 5xx, and the database stays whole and within its limits.
 */

// One shop for the whole file: the last test checks what the generated requests left in it.
const shop = setUpShopOnEitherEngine({ products: 30, fresh: 'once' })
let cookies: string[]

// Generous budgets: this test is about inputs, not rates (tests/server/abuse-limits.test.ts).
const policy: RequestPolicy = { trustProxy: false, perAddress: { cart: 1_000_000, checkout: 1_000_000 } }

beforeAll(async () => {
  const shopper = shop.createShopper()
  await shopper.add(1, 1)
  const admin = await shop.adminCookie()
  cookies = ['', shopper.cookie ?? '', admin, `${shopper.cookie}; ${admin}`, 'cartwheel_cart=%E0%A4%A', 'cartwheel_admin=forged']
})

const edgeNumber = fc.oneof(
  fc.integer({ min: -2, max: 120 }),
  fc.constantFrom(0, -0, 1, MAX_LINE_QUANTITY, MAX_LINE_QUANTITY + 1, MAX_CART_UNITS, MAX_STOCK, MAX_STOCK + 1, -MAX_STOCK, MAX_PRICE_CENTS + 1),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, 2 ** 63, 1e308, 0.5, -1.5, Number.MIN_VALUE),
)
const weirdText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', ' ', '\u0000', '\u202e', '\ud800', '../../etc/passwd', '%00', "' OR 1=1 --", 'x'.repeat(300), 'CW-0000-0000', 'walnut*'),
)
const scalar = fc.oneof(edgeNumber, weirdText, fc.boolean(), fc.constant(null))

const nearValidBody = fc.record(
  {
    productId: fc.oneof(fc.integer({ min: 1, max: 32 }), scalar),
    quantity: fc.oneof(fc.integer({ min: -1, max: 101 }), scalar),
    stock: fc.oneof(fc.integer({ min: -1, max: MAX_STOCK + 1 }), scalar),
    priceCents: fc.oneof(fc.integer({ min: -1, max: MAX_PRICE_CENTS + 1 }), scalar),
    version: fc.oneof(fc.integer({ min: 0, max: 5 }), scalar),
    delta: fc.oneof(edgeNumber, scalar),
    reason: weirdText,
    email: fc.oneof(fc.constantFrom('admin@cartwheel.test', 'ada@example.com'), weirdText),
    password: fc.oneof(fc.constant('cartwheel-admin'), weirdText),
    name: weirdText,
    address: fc.oneof(
      fc.record({ line1: weirdText, city: weirdText, postalCode: weirdText, country: fc.oneof(fc.constantFrom('GB', 'US'), weirdText) }, { requiredKeys: [] }),
      scalar,
    ),
  },
  { requiredKeys: [] },
)
const body = fc.oneof(
  nearValidBody.map((value) => JSON.stringify(value)),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 60 }),
  fc.constant(undefined),
)
const pathSegment = fc.oneof(fc.integer({ min: -1, max: 40 }).map(String), fc.constantFrom('abc', '1.5', '1e3', '99999999999999999999', '%2F', '%', 'CW-0000-0000', 'cw-zzzz-zzzz'), fc.webSegment())
const queryValue = fc.oneof(edgeNumber.map(String), weirdText)
const queryKeys = ['q', 'category', 'minPrice', 'maxPrice', 'inStock', 'sort', 'order', 'page', 'pageSize', 'ids', 'lowStock', 'productId', 'status']
const query = fc.array(fc.tuple(fc.constantFrom(...queryKeys), queryValue), { maxLength: 4 })
const headers = fc.record(
  {
    contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'multipart/form-data', undefined),
    idempotencyKey: fc.oneof(fc.uuid(), weirdText, fc.constant(undefined)),
    origin: fc.constantFrom(undefined, 'http://localhost:3000', 'https://localhost:3000', 'http://evil.example', 'null'),
    cookie: fc.integer({ min: 0, max: 5 }),
  },
  { requiredKeys: ['cookie'] },
)

const request = fc.record({
  endpoint: fc.constantFrom(...apiEndpoints),
  segments: fc.array(pathSegment, { minLength: 2, maxLength: 2 }),
  query,
  body,
  headers,
})

type Generated = typeof request extends fc.Arbitrary<infer T> ? T : never

function toRequest({ endpoint, segments, query: pairs, body: text, headers: given }: Generated) {
  let segment = 0
  const path = endpoint.path.replace(/:\w+/g, () => encodeURI(segments[segment++] ?? '1'))
  const search = new URLSearchParams(pairs).toString()
  const init: Record<string, string> = {}
  if (given.contentType) init['content-type'] = given.contentType
  if (given.idempotencyKey !== undefined && /^[\x20-\x7e]*$/.test(given.idempotencyKey)) init['idempotency-key'] = given.idempotencyKey
  if (given.origin) init.origin = given.origin
  // Signing out would end the admin session every later case relies on; sign-out has its own tests.
  const cookie = endpoint.method === 'DELETE' && endpoint.path === '/api/admin/session' ? cookies[1] : cookies[given.cookie]
  if (cookie) init.cookie = cookie
  const method = endpoint.method
  const withBody = method !== 'GET' && text !== undefined
  return new Request(`http://localhost:3000${path}${search ? `?${search}` : ''}`, { method, headers: init, body: withBody ? text : undefined })
}

describe('the API under generated input', () => {
  it('never answers 5xx, whatever the endpoint, path, query, body or headers', { timeout: 120_000 }, async () => {
    const seen = new Map<string, number>()
    await fc.assert(
      fc.asyncProperty(request, async (generated) => {
        const response = await handleApiRequest(toRequest(generated), { db: shop.db, policy })
        const key = `${generated.endpoint.method} ${generated.endpoint.path} ${response.status}`
        seen.set(key, (seen.get(key) ?? 0) + 1)
        // An event stream never ends by itself: hanging up is how a client leaves it.
        if (response.headers.get('content-type')?.startsWith('text/event-stream')) return void (await response.body?.cancel())
        const text = await response.text()
        if (response.status >= 500) throw new Error(`${response.status} ${text}`)
        if (text) expect(() => JSON.parse(text) as unknown).not.toThrow()
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 1_500) },
    )
    // Every endpoint was reached.
    for (const { method, path } of apiEndpoints) expect([...seen.keys()].some((key) => key.startsWith(`${method} ${path} `)), `${method} ${path}`).toBe(true)
    if (process.env.FUZZ_REPORT) console.log([...seen].sort().map(([key, n]) => `${key}: ${n}`).join('\n'))
  })

  it('never answers 5xx to well-formed requests with edge values, replayed keys and stale versions', { timeout: 120_000 }, async () => {
    const keys = ['7d7a3f4e-1111-4c1e-9a57-000000000001', '7d7a3f4e-1111-4c1e-9a57-000000000002', '7d7a3f4e-1111-4c1e-9a57-000000000003']
    const details = { email: 'ada@example.com', name: 'Ada Lovelace', address: { line1: '1 Main St', city: 'Leeds', postalCode: 'LS1 1AA', country: 'GB' } }
    const productId = fc.integer({ min: 1, max: 32 })
    const operation = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), productId, quantity: fc.integer({ min: 1, max: 100 }), key: fc.option(fc.constantFrom(...keys)) }),
      fc.record({ kind: fc.constant('set' as const), productId, quantity: fc.integer({ min: 0, max: 100 }) }),
      fc.record({ kind: fc.constant('remove' as const), productId }),
      fc.record({ kind: fc.constant('checkout' as const), key: fc.oneof(fc.constantFrom(...keys), fc.uuid()), name: fc.oneof(fc.constant(details.name), weirdText) }),
      fc.record({ kind: fc.constant('patch' as const), productId, stock: fc.option(edgeNumber), priceCents: fc.option(edgeNumber), stale: fc.boolean() }),
      fc.record({ kind: fc.constant('restock' as const), productId, delta: edgeNumber, reason: fc.oneof(fc.constant('Delivery'), weirdText) }),
      fc.record({ kind: fc.constant('cancel' as const), index: fc.nat({ max: 5 }) }),
    )
    const json = (method: string, path: string, cookie: string, payload?: unknown, extra: Record<string, string> = {}) =>
      handleApiRequest(
        new Request(`http://localhost:3000${path}`, {
          method,
          headers: { cookie, ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...extra },
          body: payload === undefined ? undefined : JSON.stringify(payload),
        }),
        { db: shop.db, policy },
      )
    const version = async (id: number) => (await findProduct(shop.db, id))?.version ?? 1
    const [shopper, admin] = [cookies[1] as string, cookies[2] as string]
    const statuses = new Map<number, number>()
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { maxLength: 25 }), async (operations) => {
        for (const op of operations) {
          const response = await (async () => {
            switch (op.kind) {
              case 'add':
                return json('POST', '/api/cart/lines', shopper, { productId: op.productId, quantity: op.quantity }, op.key ? { 'idempotency-key': op.key } : {})
              case 'set':
                return json('PUT', `/api/cart/lines/${op.productId}`, shopper, { quantity: op.quantity })
              case 'remove':
                return json('DELETE', `/api/cart/lines/${op.productId}`, shopper)
              case 'checkout':
                return json('POST', '/api/checkout', shopper, { ...details, name: op.name }, { 'idempotency-key': op.key })
              case 'patch':
                return json('PATCH', `/api/admin/products/${op.productId}`, admin, {
                  ...(op.stock === null ? {} : { stock: op.stock }),
                  ...(op.priceCents === null ? {} : { priceCents: op.priceCents }),
                  version: (await version(op.productId)) - (op.stale ? 1 : 0),
                })
              case 'restock':
                return json('POST', `/api/admin/products/${op.productId}/restock`, admin, { delta: op.delta, reason: op.reason })
              case 'cancel':
                return json('POST', `/api/admin/orders/${(await readNewestOrderNumbers(shop.db, 6))[op.index] ?? 'CW-0000-0000'}/cancel`, admin)
            }
          })()
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
          if (response.status >= 500) throw new Error(`${op.kind} ${JSON.stringify(op)} → ${response.status} ${await response.text()}`)
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 1_500) / 10 },
    )
    // The services really ran: changes were applied, and refused for stock, limits and versions.
    expect(statuses.get(200)).toBeGreaterThan(20)
    expect(statuses.get(409)).toBeGreaterThan(5)
    if (process.env.FUZZ_REPORT) console.log(JSON.stringify([...statuses]))
  })

  // SQLite's own checks of its file (PRAGMA); PostgreSQL has no such pragma and enforces every foreign key on each write.
  it.skipIf(testEngine() !== 'sqlite')('leaves the SQLite database whole afterwards', () => {
    const { $client } = shop.db as AppDatabase
    expect($client.pragma('integrity_check', { simple: true })).toBe('ok')
    expect($client.pragma('foreign_key_check')).toEqual([])
  })

  it('leaves the database within its limits afterwards', async () => {
    const outside = (t: Tables) => or(lt(t.products.stock, 0), gt(t.products.stock, MAX_STOCK), lt(t.products.priceCents, 0), gt(t.products.priceCents, MAX_PRICE_CENTS))
    expect(await countRows(shop.db, 'products', outside)).toBe(0)
    const carts = await readCartSizes(shop.db)
    for (const cart of carts) {
      expect(cart.lines).toBeLessThanOrEqual(MAX_CART_LINES)
      expect(cart.most ?? 0).toBeLessThanOrEqual(MAX_LINE_QUANTITY)
    }
  })
})
