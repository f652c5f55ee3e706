import { lte } from 'drizzle-orm'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { verifyPassword } from '#db/password'
import { all, get, read, run } from '#db/work'
import { formatMoney } from '~/lib/money'
import { inventoryPageSchema, inventoryRowSchema, stockMovementPageSchema } from '~/features/inventory/inventory.schemas'
import { signIn as checkSignIn, signInLimits } from '~/features/admin/admin-auth.server'
import { setUpShopOnEitherEngine } from '../support/fresh-shop'
import { countRows, readProduct, readStockMovements, updateProduct } from '../support/shop-rows'
import { SEEDED_ADMIN as ADMIN } from '../support/test-database'

const json = (method: string, body: unknown, headers: Record<string, string> = {}) => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
})

describe('every admin route without a valid admin session', () => {
  // A refused request changes nothing, so these tests share one shop (the admin's, let through, runs last).
  const shop = setUpShopOnEitherEngine({ products: 300, fresh: 'once' })
  const { api } = shop

  const routes: Array<[string, string, unknown?]> = [
    ['GET', '/api/admin/session'],
    ['DELETE', '/api/admin/session'],
    ['GET', '/api/admin/inventory'],
    ['PATCH', '/api/admin/products/1', { stock: 5, version: 1 }],
    ['POST', '/api/admin/products/1/restock', { delta: 5, reason: 'delivery' }],
    ['GET', '/api/admin/stock-movements'],
    ['POST', '/api/admin/catalog/products', { name: 'Lamp', description: 'A lamp.', categorySlug: 'lighting', sku: 'NEW-1', priceCents: 100, stock: 1 }],
    ['GET', '/api/admin/catalog/products/1'],
    ['PATCH', '/api/admin/catalog/products/1', { name: 'Renamed', version: 1 }],
    ['POST', '/api/admin/catalog/products/1/archive', { version: 1 }],
    ['POST', '/api/admin/catalog/products/1/restore', { version: 1 }],
    ['GET', '/api/admin/catalog/categories'],
    ['POST', '/api/admin/catalog/categories', { name: 'Garden' }],
    ['PATCH', '/api/admin/catalog/categories/desks', { name: 'Tables', version: 1 }],
    ['GET', '/api/admin/catalog/changes'],
  ]

  async function expired() {
    const cookie = await shop.adminCookie()
    await read(shop.db, run((db, t) => db.update(t.sessions).set({ expiresAt: Date.now() - 1 })))
    return cookie
  }
  async function shopperCart() {
    const response = await api('/api/cart/lines', json('POST', { productId: 1, quantity: 1 }))
    return (response.headers.get('set-cookie') ?? '').split(';')[0] as string
  }

  const callers: Array<[string, () => Promise<string | undefined>]> = [
    ['no cookie', async () => undefined],
    ['an expired session', expired],
    ['a shopper’s cart cookie', shopperCart],
    ['a made-up session token', async () => 'cartwheel_admin=made-up-token'],
  ]

  for (const [who, cookieFor] of callers) {
    it.each(routes)(`answers 401 to %s %s with ${who}`, async (method, path, body) => {
      const cookie = await cookieFor()
      const before = await readProduct(shop.db, 1)
      const headers: Record<string, string> = cookie ? { cookie } : {}
      const response = await api(path, body === undefined ? { method, headers } : json(method, body, headers))
      expect(response).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } })
      expect(await readProduct(shop.db, 1)).toEqual(before)
    })
  }

  it('lets a signed-in admin through on each of them', async () => {
    const cookie = await shop.adminCookie()
    for (const [method, path, body] of routes.filter(([method]) => method !== 'DELETE')) {
      const response = await api(path, body === undefined ? { method, headers: { cookie } } : json(method, body, { cookie }))
      // The list's versions are those of a fresh catalog: a change after another to the same product conflicts, past the session check.
      if (response.status === 409) expect(response.body, `${method} ${path}`).toMatchObject({ error: { code: 'VERSION_CONFLICT' } })
      else expect([200, 201, 204], `${method} ${path}`).toContain(response.status)
    }
  })
})

// Each attempt runs scrypt, which takes a while on a busy machine.
describe('signing in', { timeout: 60_000 }, () => {
  const shop = setUpShopOnEitherEngine({ products: 300 })
  const { api } = shop
  const signIn = (credentials = ADMIN, ip = '10.0.0.1') => api('/api/admin/session', { ...json('POST', credentials), ip })

  /** Signs in with the right password; returns the Set-Cookie header and the session token it carries. */
  async function signedIn() {
    const response = await signIn()
    expect(response.status).toBe(204)
    const setCookie = response.headers.get('set-cookie') ?? ''
    return { setCookie, token: decodeURIComponent(setCookie.split(';')[0]?.split('=')[1] ?? '') }
  }

  it('sets an httpOnly, SameSite=Lax session cookie that expires', async () => {
    const { setCookie } = await signedIn()
    expect(setCookie).toMatch(/^cartwheel_admin=[^;]{32,}; /)
    expect(setCookie).toContain('HttpOnly')
    expect(setCookie).toContain('SameSite=Lax')
    expect(setCookie).toMatch(/Max-Age=(\d+)/)
    expect(Number(/Max-Age=(\d+)/.exec(setCookie)?.[1])).toBeGreaterThan(60 * 60)
  })

  it('keeps only a hash of the session token', async () => {
    const { token } = await signedIn()
    const stored = await read(shop.db, all((db, t) => db.select({ id: t.sessions.id }).from(t.sessions)))
    expect(stored).toHaveLength(1)
    expect(stored[0]?.id).not.toBe(token)
  })

  it('opens the session for the cookie’s token', async () => {
    const { token } = await signedIn()
    expect(await api('/api/admin/session', { headers: { cookie: `cartwheel_admin=${token}` } })).toMatchObject({ status: 200, body: { email: ADMIN.email } })
  })

  it('marks the cookie Secure over HTTPS', async () => {
    const response = await api('https://shop.example/api/admin/session', json('POST', ADMIN))
    expect(response.headers.get('set-cookie')).toContain('; Secure')
  })

  it('takes the email in any case', async () => {
    expect((await signIn({ ...ADMIN, email: 'Admin@Cartwheel.TEST' })).status).toBe(204)
  })

  it('answers a wrong password and an unknown email alike, with 401 and no cookie', async () => {
    const wrongPassword = await signIn({ ...ADMIN, password: 'not-the-password' })
    const unknownEmail = await signIn({ email: 'nobody@cartwheel.test', password: 'whatever' })
    for (const response of [wrongPassword, unknownEmail]) {
      expect(response).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'The email or password is not right' } } })
      expect(response.headers.get('set-cookie')).toBeNull()
    }
  })

  it.each([
    ['no email', { password: 'x' }],
    ['a malformed email', { email: 'admin', password: 'x' }],
    ['an empty password', { email: ADMIN.email, password: '' }],
  ])('refuses %s with 400', async (_, body) => {
    expect(await api('/api/admin/session', json('POST', body))).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_ERROR' } } })
  })

  it('stores the password only as a scrypt hash', async () => {
    const hash = (await read(shop.db, get((db, t) => db.select({ hash: t.adminUsers.passwordHash }).from(t.adminUsers))))?.hash ?? ''
    expect(hash).not.toContain(ADMIN.password)
    expect(hash).toMatch(/^scrypt\$/)
    expect(await verifyPassword(ADMIN.password, hash)).toBe(true)
    expect(await verifyPassword('cartwheel-admin!', hash)).toBe(false)
  })

  it('answers 429 with Retry-After to the eleventh wrong password in a minute for one email from one address', async () => {
    for (let attempt = 0; attempt < 10; attempt++) expect((await signIn({ ...ADMIN, password: `wrong-${attempt}` }, '10.1.0.1')).status).toBe(401)
    const eleventh = await signIn({ ...ADMIN, password: 'wrong-again' }, '10.1.0.1')
    expect(eleventh).toMatchObject({ status: 429, body: { error: { code: 'RATE_LIMITED' } } })
    expect(Number(eleventh.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(Number(eleventh.headers.get('retry-after'))).toBeLessThanOrEqual(60)
    expect((await signIn(ADMIN, '10.1.0.1')).status).toBe(429)
  })

  it('never locks the admin out: ten wrong passwords from one address leave the right one working from another', async () => {
    for (let attempt = 0; attempt < 10; attempt++) await signIn({ ...ADMIN, password: `wrong-${attempt}` }, '10.6.6.6')
    expect((await signIn({ ...ADMIN, password: 'wrong-again' }, '10.6.6.6')).status).toBe(429)
    expect((await signIn(ADMIN, '10.0.0.7')).status).toBe(204)
  })

  it('counts attempts sent side by side, so a burst cannot slip past the limit', async () => {
    const burst = await Promise.all(Array.from({ length: 15 }, (_, attempt) => signIn({ ...ADMIN, password: `wrong-${attempt}` }, '10.2.0.1')))
    // At most ten get their password checked; the rest are refused (by the count, or because too
    // many of this address's checks are already waiting).
    expect(burst.filter((response) => response.status === 401).length).toBeLessThanOrEqual(10)
    expect(burst.filter((response) => response.status === 429).length).toBeGreaterThanOrEqual(5)
    expect(burst.every((response) => response.status === 401 || response.status === 429)).toBe(true)
  })

  it('limits one address trying many emails, and leaves other addresses alone', async () => {
    for (let attempt = 0; attempt < signInLimits.perAddress.limit; attempt++) await signIn({ email: `guess${attempt}@cartwheel.test`, password: 'x' }, '10.9.9.9')
    expect((await signIn({ email: 'another@cartwheel.test', password: 'x' }, '10.9.9.9')).status).toBe(429)
    expect((await signIn(ADMIN, '10.0.0.2')).status).toBe(204)
  })
  it('slows guessing spread over many addresses, and still lets the right password in from a new one', async () => {
    const waits: number[] = []
    const wait = async (ms: number) => void waits.push(ms)
    const attempt = (password: string, clientIp: string) => checkSignIn(shop.db, { ...ADMIN, password, clientIp, now: 1_000, wait }).then(() => 'in', (error: { status: number }) => error.status)
    const guesses = Array.from({ length: signInLimits.slowEmailAfter.limit }, (_, guess) => attempt(`guess-${guess}`, `10.7.${guess}.1`))
    expect(new Set(await Promise.all(guesses))).toEqual(new Set([401]))
    expect(waits).toEqual([])
    expect(await attempt('one-more-guess', '10.7.200.1')).toBe(401)
    expect(await attempt(ADMIN.password, '10.8.0.1')).toBe('in')
    expect(waits).toEqual([signInLimits.slowdownMs, signInLimits.slowdownMs])
  })

  it('signs out: the session ends and the cookie is cleared', async () => {
    const cookie = await shop.adminCookie()
    const response = await api('/api/admin/session', { method: 'DELETE', headers: { cookie } })
    expect(response.status).toBe(204)
    expect(response.headers.get('set-cookie')).toMatch(/^cartwheel_admin=; .*Max-Age=0/)
    expect((await api('/api/admin/inventory', { headers: { cookie } })).status).toBe(401)
  })
})

describe('GET /api/admin/inventory', () => {
  // These tests only read, so they share one shop.
  const shop = setUpShopOnEitherEngine({ products: 300, fresh: 'once' })
  const { api } = shop
  let cookie: string
  beforeAll(async () => {
    cookie = await shop.adminCookie()
  })
  const get = async (query: string) => {
    const response = await api(`/api/admin/inventory?${query}`, { headers: { cookie } })
    expect(response.status, query).toBe(200)
    return inventoryPageSchema.parse(response.body)
  }

  it('pages through every product in a stable order, up to 500 rows a page', async () => {
    const first = await get('pageSize=200&page=1')
    const second = await get('pageSize=200&page=2')
    expect(first.total).toBe(300)
    expect(first.items).toHaveLength(200)
    expect(second.items).toHaveLength(100)
    expect(new Set([...first.items, ...second.items].map((row) => row.productId)).size).toBe(300)
    expect((await api('/api/admin/inventory?pageSize=501', { headers: { cookie } })).status).toBe(400)
  })

  it.each([
    ['stock', (row: { stock: number }) => row.stock],
    ['price', (row: { priceCents: number }) => row.priceCents],
    ['name', (row: { name: string }) => row.name],
  ] as const)('sorts by %s, both ways', async (sort, value) => {
    const ascending = (await get(`sort=${sort}&pageSize=500`)).items.map(value as (row: unknown) => string | number)
    const descending = (await get(`sort=${sort}&order=desc&pageSize=500`)).items.map(value as (row: unknown) => string | number)
    expect(ascending).toEqual([...ascending].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
    expect(descending).toEqual([...ascending].reverse())
  })

  it('keeps only low-stock products under a threshold', async () => {
    const page = await get('lowStock=5&pageSize=500')
    const expected = await countRows(shop.db, 'products', (t) => lte(t.products.stock, 5))
    expect(page.total).toBe(expected)
    expect(page.items.every((row) => row.stock <= 5)).toBe(true)
  })

  it('finds products by a word of the name or the start of the SKU', async () => {
    const row = (await get('pageSize=1')).items[0]
    if (!row) throw new Error('no rows')
    const word = row.name.split(' ')[0] as string
    expect((await get(`q=${encodeURIComponent(word.slice(0, 3))}&pageSize=500`)).items.some((found) => found.productId === row.productId)).toBe(true)
    expect((await get(`q=${encodeURIComponent(row.sku.toLowerCase())}`)).items.map((found) => found.productId)).toEqual([row.productId])
    expect((await get('q=%25%25')).total).toBe(0)
  })
})

describe('changing a product', () => {
  const shop = setUpShopOnEitherEngine({ products: 300 })
  const { api } = shop
  let cookie: string
  beforeEach(async () => {
    cookie = await shop.adminCookie()
  })
  const patch = (id: number | string, body: unknown, headers = {}) => api(`/api/admin/products/${id}`, json('PATCH', body, { cookie, ...headers }))
  const restock = (id: number, body: unknown) => api(`/api/admin/products/${id}/restock`, json('POST', body, { cookie }))

  it('applies an edit made on the current version, bumps the version and records the stock movement', async () => {
    const before = await readProduct(shop.db, 4)
    const response = await patch(4, { stock: before.stock + 7, priceCents: 12_345, version: before.version })
    expect(response.status).toBe(200)
    expect(inventoryRowSchema.parse(response.body)).toMatchObject({ productId: 4, stock: before.stock + 7, priceCents: 12_345, version: before.version + 1 })
    expect(await readProduct(shop.db, 4)).toMatchObject({ stock: before.stock + 7, priceCents: 12_345, version: before.version + 1 })
    expect(await readStockMovements(shop.db, 4)).toEqual([
      { delta: 7, reason: 'adjustment', actor: ADMIN.email, note: `Stock set in the inventory grid; Price ${formatMoney(before.priceCents)} → $123.45` },
    ])
  })

  it('records a price change in the audit trail, with no stock moved', async () => {
    const before = await readProduct(shop.db, 4)
    await patch(4, { priceCents: 999, version: before.version })
    expect(await readStockMovements(shop.db, 4)).toEqual([
      { delta: 0, reason: 'adjustment', actor: ADMIN.email, note: `Price ${formatMoney(before.priceCents)} → $9.99` },
    ])
  })

  it('refuses an edit made on an older version with 409 and the row as it is now, changing nothing', async () => {
    const { version } = await readProduct(shop.db, 5)
    expect((await patch(5, { stock: 50, version })).status).toBe(200)
    const stale = await patch(5, { stock: 10, version })
    expect(stale).toMatchObject({
      status: 409,
      body: { error: { code: 'VERSION_CONFLICT', details: { current: { productId: 5, stock: 50, version: version + 1 } } } },
    })
    expect(await readProduct(shop.db, 5)).toMatchObject({ stock: 50, version: version + 1 })
    expect(await readStockMovements(shop.db, 5)).toHaveLength(1)
  })

  it.each([
    ['neither stock nor price', { version: 1 }],
    ['a negative stock', { stock: -1, version: 1 }],
    ['a fractional price', { priceCents: 1.5, version: 1 }],
    ['no version', { stock: 1 }],
  ])('refuses %s with 400', async (_, body) => {
    expect(await patch(6, body)).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_ERROR' } } })
  })

  it('answers 404 for a product that does not exist, and 400 for an id that is not one', async () => {
    expect((await patch(999_999, { stock: 1, version: 1 })).status).toBe(404)
    expect((await patch('abc', { stock: 1, version: 1 })).status).toBe(400)
  })

  it('refuses an edit sent from another site with 403', async () => {
    expect((await patch(6, { stock: 1, version: (await readProduct(shop.db, 6)).version }, { 'sec-fetch-site': 'cross-site' })).status).toBe(403)
  })

  it('restocks atomically whatever the version, with the reason in the audit trail', async () => {
    const before = await readProduct(shop.db, 7)
    const response = await restock(7, { delta: 25, reason: 'Delivery from the workshop' })
    expect(response.status).toBe(200)
    expect(inventoryRowSchema.parse(response.body)).toMatchObject({ stock: before.stock + 25, version: before.version + 1 })
    expect(await readStockMovements(shop.db, 7)).toEqual([{ delta: 25, reason: 'restock', actor: ADMIN.email, note: 'Delivery from the workshop' }])
  })

  it('refuses to take stock below zero with 409, changing nothing', async () => {
    await shop.setStock(8, 3)
    const before = await readProduct(shop.db, 8)
    const response = await restock(8, { delta: -4, reason: 'Damaged in the warehouse' })
    expect(response).toMatchObject({ status: 409, body: { error: { code: 'INSUFFICIENT_STOCK', details: { available: 3 } } } })
    expect(await readProduct(shop.db, 8)).toEqual(before)
    expect(await readStockMovements(shop.db, 8)).toEqual([])
    expect((await restock(8, { delta: -3, reason: 'Damaged in the warehouse' })).status).toBe(200)
    expect(await readStockMovements(shop.db, 8)).toEqual([{ delta: -3, reason: 'adjustment', actor: ADMIN.email, note: 'Damaged in the warehouse' }])
  })

  it.each([
    ['a zero delta', { delta: 0, reason: 'x' }],
    ['no reason', { delta: 5 }],
    ['a blank reason', { delta: 5, reason: '   ' }],
    ['a control character in the reason', { delta: 5, reason: 'Delivery\u0007' }],
    ['a direction override in the reason', { delta: 5, reason: 'Delivery \u202eyreviled' }],
  ])('refuses a restock with %s', async (_, body) => {
    expect((await restock(9, body)).status).toBe(400)
    expect(await readStockMovements(shop.db, 9)).toEqual([])
  })

  it('refuses a restock past the stock limit with 409 before writing anything, so a retry cannot apply it twice', async () => {
    await shop.setStock(12, 5)
    const before = await readProduct(shop.db, 12)
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await restock(12, { delta: 1_000_000, reason: 'Typo in the delivery note' })
      expect(response).toMatchObject({ status: 409, body: { error: { code: 'STOCK_LIMIT', details: { stock: 5, room: 999_995 } } } })
    }
    expect(await readProduct(shop.db, 12)).toEqual(before)
    expect(await readStockMovements(shop.db, 12)).toEqual([])
    const filled = await restock(12, { delta: 999_995, reason: 'Fill to the limit' })
    expect(inventoryRowSchema.parse(filled.body)).toMatchObject({ stock: 1_000_000 })
    const sortedByStock = await api('/api/admin/inventory?sort=stock&order=desc&pageSize=5', { headers: { cookie } })
    expect(sortedByStock.status).toBe(200)
  })

  it('keeps stock and price within their limits even for a write around the API (CHECK constraints)', async () => {
    // The driver's error names the constraint; drizzle may wrap it (`cause`).
    const refusal = (error: unknown): string => (error instanceof Error ? `${error.message}\n${refusal(error.cause)}` : '')
    await expect(updateProduct(shop.db, 14, { stock: 1_000_001 }).catch(refusal)).resolves.toMatch(/check constraint.*products_stock_capped/i)
    await expect(updateProduct(shop.db, 14, { priceCents: 100_000_001 }).catch(refusal)).resolves.toMatch(/check constraint.*products_price_capped/i)
  })

  it('refuses an edit past the stock or price limit with 400', async () => {
    const { version } = await readProduct(shop.db, 13)
    expect((await patch(13, { stock: 1_000_001, version })).status).toBe(400)
    expect((await patch(13, { priceCents: 100_000_001, version })).status).toBe(400)
    expect((await readProduct(shop.db, 13)).version).toBe(version)
  })

  it('lists the audit trail newest first, for one product or all', async () => {
    await restock(10, { delta: 5, reason: 'first' })
    await restock(11, { delta: 6, reason: 'other product' })
    await restock(10, { delta: -2, reason: 'second' })
    const forTen = stockMovementPageSchema.parse((await api('/api/admin/stock-movements?productId=10', { headers: { cookie } })).body)
    expect(forTen.items.map((row) => row.note)).toEqual(['second', 'first'])
    const all = stockMovementPageSchema.parse((await api('/api/admin/stock-movements', { headers: { cookie } })).body)
    expect(all.total).toBe(3)
  })
})
