import { like } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { get, read, run } from '#db/work'
import { CART_RETENTION, purgeIdleCarts } from '~/features/cart/cart-maintenance.server'
import { cartSchema, MAX_CART_LINES, MAX_CART_UNITS, type Cart } from '~/features/cart/cart.schemas'
import { setUpShopOnEitherEngine } from '../support/fresh-shop'
import { ageCartRequests, brokenCheck, countRows, readProduct, setArchived, updateProduct } from '../support/shop-rows'

// Enough products to fill a cart past its line limit.
const shop = setUpShopOnEitherEngine({ products: MAX_CART_LINES + 2 })
const { api, createShopper } = shop

const quantities = (cart: Cart) => Object.fromEntries(cart.lines.map((line) => [line.productId, line.quantity]))

describe('GET /api/cart', () => {
  it('answers an empty cart to a browser without a cart, and creates nothing', async () => {
    const response = await api('/api/cart')
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ lines: [], itemCount: 0, subtotalCents: 0, currency: 'USD', updatedAt: null })
    expect(response.headers.get('set-cookie')).toBeNull()
    expect(await countRows(shop.db, 'carts')).toBe(0)
  })

  it('answers an empty cart for a cookie that names no cart', async () => {
    const response = await api('/api/cart', { headers: { cookie: 'cartwheel_cart=made-up' } })
    expect(response.body).toMatchObject({ lines: [], itemCount: 0 })
  })
})

describe('POST /api/cart/lines', () => {
  it('creates the cart on the first add and sets an httpOnly, SameSite=Lax cookie', async () => {
    const shopper = createShopper()
    await shop.setStock(1, 5)
    const response = await shopper.add(1, 2)
    expect(response.status).toBe(200)
    const setCookie = response.headers.get('set-cookie') ?? ''
    expect(setCookie).toMatch(/^cartwheel_cart=[^;]{32,}; /)
    expect(setCookie).toContain('HttpOnly')
    expect(setCookie).toContain('SameSite=Lax')
    expect(setCookie).toContain('Path=/')
    expect(setCookie).toMatch(/Max-Age=\d+/)
    expect(setCookie).not.toContain('Secure')
    expect(await countRows(shop.db, 'carts')).toBe(1)
  })

  it('marks the cookie Secure when the shop is served over HTTPS', async () => {
    const response = await api('https://shop.example/api/cart/lines', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ productId: 1, quantity: 1 }),
    })
    expect(response.headers.get('set-cookie')).toContain('; Secure')
  })

  it('marks the cookie Secure behind a proxy that ended HTTPS', async () => {
    const response = await api('/api/cart/lines', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ productId: 1, quantity: 1 }),
    })
    expect(response.headers.get('set-cookie')).toContain('; Secure')
  })

  it('prices each line from the database, ignoring a price the client sends, with the product’s current stock', async () => {
    const shopper = createShopper()
    await shop.setStock(3, 7)
    const { name, priceCents } = await readProduct(shop.db, 3)
    const response = await shopper.send('POST', '/api/cart/lines', { productId: 3, quantity: 2, unitPriceCents: 1, priceCents: 1 })
    expect(response.status).toBe(200)
    const cart = cartSchema.parse(response.body)
    expect(cart.lines).toEqual([
      { productId: 3, slug: expect.any(String), name, unitPriceCents: priceCents, quantity: 2, lineTotalCents: 2 * priceCents, stock: 7, archived: false },
    ])
    expect(cart).toMatchObject({ itemCount: 2, subtotalCents: 2 * priceCents, currency: 'USD' })
  })

  it('adds to the quantity of a line already in the cart', async () => {
    const shopper = createShopper()
    await shop.setStock(1, 10)
    await shopper.add(1, 2)
    await shopper.add(2, 1)
    const response = await shopper.add(1, 3)
    expect(quantities(cartSchema.parse(response.body))).toEqual({ 1: 5, 2: 1 })
  })

  it('refuses to add beyond stock with 409 and the available quantity, and leaves the cart unchanged', async () => {
    const shopper = createShopper()
    await shop.setStock(4, 3)
    await shopper.add(4, 2)
    const before = await shopper.getCart()
    const response = await shopper.add(4, 2)
    expect(response.status).toBe(409)
    expect(response.body).toEqual({
      error: {
        code: 'INSUFFICIENT_STOCK',
        message: `Only 3 left of ${(await readProduct(shop.db, 4)).name}`,
        details: { productId: 4, requested: 4, available: 3 },
      },
    })
    expect(await shopper.getCart()).toEqual(before)
  })

  it('creates no cart and sets no cookie when the first add fails', async () => {
    const shopper = createShopper()
    await shop.setStock(4, 0)
    const response = await shopper.add(4, 1)
    expect(response.status).toBe(409)
    expect(response.body).toMatchObject({ error: { message: `${(await readProduct(shop.db, 4)).name} is sold out`, details: { available: 0 } } })
    expect(response.headers.get('set-cookie')).toBeNull()
    expect(await countRows(shop.db, 'carts')).toBe(0)
  })

  it('adds once when a request is replayed with the same Idempotency-Key', async () => {
    const shopper = createShopper()
    await shop.setStock(5, 10)
    const key = { 'idempotency-key': 'add-5-attempt-0001' }
    const first = await shopper.add(5, 2, key)
    const replay = await shopper.add(5, 2, key)
    expect(replay.status).toBe(200)
    expect(replay.body).toEqual(first.body)
    expect(quantities(await shopper.getCart())).toEqual({ 5: 2 })
    expect(quantities(cartSchema.parse((await shopper.add(5, 2, { 'idempotency-key': 'add-5-attempt-0002' })).body))).toEqual({ 5: 4 })
  })

  it('never hands a cart to a replay without its cookie: the key alone is a new request in a new cart', async () => {
    await shop.setStock(5, 10)
    const first = createShopper()
    await first.add(5, 2, { 'idempotency-key': 'lost-answer-0001' })
    // Another client replays the first add (same key, same body) with no cookie.
    const replay = createShopper()
    const response = await replay.add(5, 2, { 'idempotency-key': 'lost-answer-0001' })
    expect(response.status).toBe(200)
    expect(replay.cookie).toBeDefined()
    expect(replay.cookie).not.toBe(first.cookie)
    expect(quantities(cartSchema.parse(response.body))).toEqual({ 5: 2 })
    // The first browser's cart is untouched and still its own.
    expect(quantities(await first.getCart())).toEqual({ 5: 2 })
    expect(await countRows(shop.db, 'carts')).toBe(2)
  })

  it('treats a key used in another shopper’s cart as a new request in this cart', async () => {
    const alice = createShopper()
    const bob = createShopper()
    await shop.setStock(5, 10)
    await alice.add(5, 1, { 'idempotency-key': 'alice-first-add-0001' })
    await bob.add(6, 1)
    const response = await bob.add(5, 1, { 'idempotency-key': 'alice-first-add-0001' })
    expect(response.status).toBe(200)
    expect(quantities(await bob.getCart())).toEqual({ 5: 1, 6: 1 })
    expect(quantities(await alice.getCart())).toEqual({ 5: 1 })
  })

  it('remembers a key for a week, then applies a request sent with it again', async () => {
    const shopper = createShopper()
    await shop.setStock(5, 10)
    await shopper.add(5, 1, { 'idempotency-key': 'weekly-key-000001' })
    await ageCartRequests(shop.db, 8 * 24 * 60 * 60 * 1000)
    await shopper.add(6, 1, { 'idempotency-key': 'another-key-0001' })
    await shopper.add(5, 1, { 'idempotency-key': 'weekly-key-000001' })
    expect(quantities(await shopper.getCart())).toEqual({ 5: 2, 6: 1 })
  })

  it('answers 422 when an Idempotency-Key is reused for another request, and changes nothing', async () => {
    const shopper = createShopper()
    await shop.setStock(5, 10)
    await shopper.add(5, 1, { 'idempotency-key': 'reused-key-000001' })
    const response = await shopper.add(5, 3, { 'idempotency-key': 'reused-key-000001' })
    expect(response.status).toBe(422)
    expect(response.body).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REUSED' } })
    expect(quantities(await shopper.getCart())).toEqual({ 5: 1 })
  })

  it('lets a key whose request failed be retried once stock allows it', async () => {
    const shopper = createShopper()
    await shop.setStock(6, 1)
    await shopper.add(7, 1)
    const key = { 'idempotency-key': 'retry-after-restock' }
    expect((await shopper.add(6, 2, key)).status).toBe(409)
    await shop.setStock(6, 5)
    expect((await shopper.add(6, 2, key)).status).toBe(200)
    expect(quantities(await shopper.getCart())).toMatchObject({ 6: 2 })
  })

  it.each([
    ['too short', 'short'],
    ['one character short of 16', 'k'.repeat(15)],
    ['with a space', 'has a space in it'],
    ['too long', 'k'.repeat(256)],
  ])('refuses an Idempotency-Key %s with 400', async (_, key) => {
    const response = await createShopper().add(1, 1, { 'idempotency-key': key })
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ error: { code: 'VALIDATION_ERROR', details: [expect.objectContaining({ path: 'Idempotency-Key' })] } })
  })

  it.each([
    ['a zero quantity', { productId: 1, quantity: 0 }],
    ['a fractional quantity', { productId: 1, quantity: 1.5 }],
    ['a quantity as text', { productId: 1, quantity: '2' }],
    ['more than 99', { productId: 1, quantity: 100 }],
    ['no product', { quantity: 1 }],
    ['a negative product id', { productId: -1, quantity: 1 }],
    ['an array', [1, 2]],
  ])('refuses %s with 400 VALIDATION_ERROR', async (_, body) => {
    const response = await createShopper().send('POST', '/api/cart/lines', body)
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ error: { code: 'VALIDATION_ERROR' } })
    expect(await countRows(shop.db, 'carts')).toBe(0)
  })

  it('refuses a line that would pass 99 units', async () => {
    const shopper = createShopper()
    await shop.setStock(1, 500)
    await shopper.add(1, 60)
    const response = await shopper.add(1, 40)
    expect(response.status).toBe(400)
    expect(quantities(await shopper.getCart())).toEqual({ 1: 60 })
  })

  it('refuses a body that is not JSON, or not sent as JSON, with 400', async () => {
    const broken = await api('/api/cart/lines', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"productId":' })
    expect(broken).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_ERROR', message: 'The body is not valid JSON' } } })
    const asText = await api('/api/cart/lines', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"productId":1,"quantity":1}' })
    expect(asText).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_ERROR' } } })
  })

  it('answers 404 for a product that does not exist', async () => {
    const response = await createShopper().add(999_999, 1)
    expect(response).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } })
  })

  it('never adopts a cart token the browser made up', async () => {
    const shopper = createShopper()
    shopper.cookie = 'cartwheel_cart=planted-token-aaaaaaaaaaaaaaaaaaaaaaaa'
    const response = await shopper.add(1, 1)
    expect(response.headers.get('set-cookie')).not.toContain('planted-token')
    expect(await countRows(shop.db, 'carts', (t) => like(t.carts.token, 'planted%'))).toBe(0)
  })
})

describe('PUT /api/cart/lines/:productId', () => {
  it('sets an absolute quantity, so sending it twice gives the same cart', async () => {
    const shopper = createShopper()
    await shop.setStock(2, 10)
    await shopper.add(2, 1)
    await shopper.set(2, 4)
    const response = await shopper.set(2, 4)
    expect(response.status).toBe(200)
    expect(quantities(cartSchema.parse(response.body))).toEqual({ 2: 4 })
  })

  it('removes the line when set to 0', async () => {
    const shopper = createShopper()
    await shopper.add(2, 1)
    await shopper.add(3, 1)
    const response = await shopper.set(2, 0)
    expect(quantities(cartSchema.parse(response.body))).toEqual({ 3: 1 })
  })

  it('adds the line when the product is not in the cart yet', async () => {
    const shopper = createShopper()
    await shop.setStock(8, 5)
    expect(quantities(cartSchema.parse((await shopper.set(8, 3)).body))).toEqual({ 8: 3 })
  })

  it('refuses a quantity beyond stock with 409 and the available quantity, and leaves the cart unchanged', async () => {
    const shopper = createShopper()
    await shop.setStock(2, 3)
    await shopper.add(2, 3)
    const response = await shopper.set(2, 4)
    expect(response).toMatchObject({ status: 409, body: { error: { code: 'INSUFFICIENT_STOCK', details: { productId: 2, requested: 4, available: 3 } } } })
    expect(quantities(await shopper.getCart())).toEqual({ 2: 3 })
  })

  it('lets a line that stock fell under be lowered, but not raised', async () => {
    const shopper = createShopper()
    await shop.setStock(2, 9)
    await shopper.add(2, 5)
    await shop.setStock(2, 2)
    expect(quantities(cartSchema.parse((await shopper.set(2, 4)).body))).toEqual({ 2: 4 })
    expect(await shopper.set(2, 5)).toMatchObject({ status: 409, body: { error: { details: { requested: 5, available: 2 } } } })
    expect(await shopper.add(2, 1)).toMatchObject({ status: 409 })
    expect(quantities(await shopper.getCart())).toEqual({ 2: 4 })
  })

  it('creates nothing when a browser without a cart sets a quantity of 0', async () => {
    const response = await createShopper().set(2, 0)
    expect(response).toMatchObject({ status: 200, body: { lines: [], itemCount: 0 } })
    expect(response.headers.get('set-cookie')).toBeNull()
    expect(await countRows(shop.db, 'carts')).toBe(0)
  })

  it.each([
    ['a negative quantity', 1, -1],
    ['a fractional quantity', 1, 2.5],
    ['more than 99', 1, 100],
    ['a missing quantity', 1, undefined],
    ['a product id that is not a number', 'abc', 1],
    ['a product id of 0', '0', 1],
  ])('refuses %s with 400', async (_, productId, quantity) => {
    const response = await createShopper().set(productId, quantity)
    expect(response).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_ERROR' } } })
  })

  it('answers 404 for a product that does not exist', async () => {
    expect(await createShopper().set(999_999, 1)).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } })
  })
})

describe('DELETE /api/cart/lines/:productId', () => {
  it('removes the line and answers the cart', async () => {
    const shopper = createShopper()
    await shopper.add(2, 1)
    await shopper.add(3, 2)
    const response = await shopper.remove(2)
    expect(response.status).toBe(200)
    expect(cartSchema.parse(response.body)).toMatchObject({ itemCount: 2, lines: [expect.objectContaining({ productId: 3 })] })
  })

  it('treats removing a line that is not there as done', async () => {
    const shopper = createShopper()
    await shopper.add(3, 1)
    const before = await shopper.getCart()
    const response = await shopper.remove(9)
    expect(response.status).toBe(200)
    expect(response.body).toEqual(before)
  })

  it('creates nothing for a browser without a cart', async () => {
    const response = await createShopper().remove(3)
    expect(response).toMatchObject({ status: 200, body: { lines: [] } })
    expect(await countRows(shop.db, 'carts')).toBe(0)
  })
})

describe('a cart made again for a browser with orders', () => {
  it('is made once when several writes arrive at once after its cart was purged', async () => {
    const shopper = createShopper()
    await shop.setStock(1, 10)
    await shopper.add(1, 1)
    const details = { email: 'ada@example.com', name: 'Ada Lovelace', address: { line1: '1 Main St', city: 'Leeds', postalCode: 'LS1 1AA', country: 'GB' } }
    expect((await shopper.checkout(details, 'purged-cart-order-0001')).status).toBe(201)
    expect(await purgeIdleCarts(shop.db, Date.now() + CART_RETENTION.emptyMs + 1)).toMatchObject({ emptyCarts: 1 })
    const token = shopper.cookie
    // Tabs writing at once under the token that owns the order: the cart comes back once, holding every write.
    const responses = await Promise.all([shopper.add(2, 1), shopper.set(3, 2), shopper.add(2, 2), shopper.set(4, 1)])
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200])
    expect(shopper.cookie).toBe(token)
    expect(await countRows(shop.db, 'carts')).toBe(1)
    expect(quantities(await shopper.getCart())).toEqual({ 2: 3, 3: 2, 4: 1 })
  })
})

describe('prices and stock in a cart', () => {
  it('always show the database’s current price and stock, not those at the time of adding', async () => {
    const shopper = createShopper()
    await shop.setStock(10, 9)
    await shopper.add(10, 2)
    await updateProduct(shop.db, 10, { priceCents: 12_345 })
    await shop.setStock(10, 1)
    const cart = await shopper.getCart()
    expect(cart.lines[0]).toMatchObject({ unitPriceCents: 12_345, lineTotalCents: 24_690, stock: 1 })
    expect(cart.subtotalCents).toBe(24_690)
  })

  it('keep one shopper’s cart apart from another’s', async () => {
    const alice = createShopper()
    const bob = createShopper()
    await alice.add(1, 1)
    await bob.add(2, 2)
    expect(quantities(await alice.getCart())).toEqual({ 1: 1 })
    expect(quantities(await bob.getCart())).toEqual({ 2: 2 })
  })
})

describe('a product taken off sale', () => {
  async function cartHoldingArchived() {
    const shopper = createShopper()
    await shop.setStock(5, 10)
    await shopper.add(5, 3)
    await shopper.add(6, 1)
    await setArchived(shop.db, 5, true)
    return shopper
  }

  it('is marked archived on the lines that hold it, and only on those', async () => {
    const shopper = await cartHoldingArchived()
    const cart = await shopper.getCart()
    expect(cart.lines.map((line) => [line.productId, line.archived])).toEqual([
      [5, true],
      [6, false],
    ])
  })

  it('cannot be added, with 409 PRODUCT_ARCHIVED naming it, and the cart stays as it was', async () => {
    const shopper = await cartHoldingArchived()
    const before = await shopper.getCart()
    for (const response of [await shopper.add(5, 1), await createShopper().add(5, 1)]) {
      expect(response).toMatchObject({
        status: 409,
        body: { error: { code: 'PRODUCT_ARCHIVED', message: `${(await readProduct(shop.db, 5)).name} is no longer sold`, details: { productId: 5 } } },
      })
    }
    expect(await shopper.getCart()).toEqual(before)
  })

  it('cannot be raised, but can be lowered and removed', async () => {
    const shopper = await cartHoldingArchived()
    expect(await shopper.set(5, 4)).toMatchObject({ status: 409, body: { error: { code: 'PRODUCT_ARCHIVED' } } })
    expect(quantities(await shopper.getCart())).toEqual({ 5: 3, 6: 1 })

    expect((await shopper.set(5, 2)).status).toBe(200)
    expect(quantities(await shopper.getCart())).toEqual({ 5: 2, 6: 1 })
    expect((await shopper.remove(5)).status).toBe(200)
    expect(quantities(await shopper.getCart())).toEqual({ 6: 1 })
  })

  it('can be added again once restored', async () => {
    const shopper = await cartHoldingArchived()
    await setArchived(shop.db, 5, false)
    expect((await shopper.add(5, 1)).status).toBe(200)
    expect((await shopper.getCart()).lines.find((line) => line.productId === 5)).toMatchObject({ quantity: 4, archived: false })
  })
})

describe('writes from other sites', () => {
  it.each([
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site' }],
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['Origin: null', { origin: 'null' }],
    ['Sec-Fetch-Site: none', { 'sec-fetch-site': 'none' }],
  ])('are refused with 403 when the request carries %s', async (_, headers) => {
    const shopper = createShopper()
    await shopper.add(1, 1)
    const response = await shopper.send('PUT', '/api/cart/lines/1', { quantity: 3 }, headers)
    expect(response).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } })
    expect(quantities(await shopper.getCart())).toEqual({ 1: 1 })
  })

  it('are accepted from the shop’s own pages', async () => {
    const response = await createShopper().add(1, 1, { 'sec-fetch-site': 'same-origin', origin: 'http://localhost:3000' })
    expect(response.status).toBe(200)
  })

  it('are accepted when the browser says same-origin behind a proxy that rewrote the Host', async () => {
    const response = await createShopper().add(1, 1, { 'sec-fetch-site': 'same-origin', origin: 'https://shop.example' })
    expect(response.status).toBe(200)
  })

  it('fall back to Origin for browsers that do not send Sec-Fetch-Site', async () => {
    expect((await createShopper().add(1, 1, { origin: 'http://localhost:3000' })).status).toBe(200)
    expect((await createShopper().add(1, 1, { origin: 'https://evil.example' })).status).toBe(403)
  })

  it('do not stop reads', async () => {
    expect((await api('/api/cart', { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(200)
  })
})

describe('cart size limits', () => {
  const fillCart = async (shopper: ReturnType<typeof createShopper>, lines: number, quantity = 1) => {
    for (let id = 1; id <= lines; id++) {
      await shop.setStock(id, 500)
      expect((await shopper.add(id, quantity)).status).toBe(200)
    }
  }

  it(`refuses a product beyond ${MAX_CART_LINES} lines with 409 CART_FULL, and still lets existing lines change`, async () => {
    const shopper = createShopper()
    await fillCart(shopper, MAX_CART_LINES)
    await shop.setStock(MAX_CART_LINES + 1, 5)
    const refused = await shopper.add(MAX_CART_LINES + 1, 1)
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'CART_FULL', details: { maxLines: MAX_CART_LINES } } } })
    expect((await shopper.set(MAX_CART_LINES + 1, 1)).status).toBe(409)
    expect((await shopper.getCart()).lines).toHaveLength(MAX_CART_LINES)
    expect((await shopper.set(1, 2)).status).toBe(200)
  })

  it(`refuses more than ${MAX_CART_UNITS} units in one cart, and always lets a line shrink`, async () => {
    const shopper = createShopper()
    await fillCart(shopper, 2, 99)
    expect((await shopper.add(3, 2)).status).toBe(200)
    const refused = await shopper.add(3, 1)
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'CART_FULL', details: { maxUnits: MAX_CART_UNITS } } } })
    expect((await shopper.getCart()).itemCount).toBe(MAX_CART_UNITS)
    expect((await shopper.set(1, 50)).status).toBe(200)
  })

  it('keeps a line within its limit even for a row written around the API (CHECK constraint)', async () => {
    const cart = await read(shop.db, get((db, t) => db.insert(t.carts).values({ token: 't', createdAt: 0, updatedAt: 0 }).returning({ id: t.carts.id })))
    if (!cart) throw new Error('The cart row was not written')
    const overLimit = read(shop.db, run((db, t) => db.insert(t.cartLines).values({ cartId: cart.id, productId: 1, quantity: 100, addedAt: 0 })))
    await expect(overLimit.catch(brokenCheck)).resolves.toBe('cart_lines_quantity_capped')
  })
})

