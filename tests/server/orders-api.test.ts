import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { orderListSchema, orderSchema, type Order } from '~/features/orders/orders.schemas'
import { testEngine } from '../support/engine-database'
import { setUpShopOnEitherEngine } from '../support/fresh-shop'
import { countRows, insertCartLine, readProduct, readStockMovements, setArchived, updateProduct } from '../support/shop-rows'
import { createApiCaller, createBrowser, createTestDatabase } from '../support/test-database'

const shop = setUpShopOnEitherEngine({ products: 40 })
const { api, createShopper } = shop

const details = {
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  address: { line1: '12 St James’s Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' },
}

/** A shopper whose cart holds these lines, with stock set high enough to add them. */
async function shopperWith(lines: Array<[productId: number, quantity: number]>) {
  const shopper = createShopper()
  for (const [productId, quantity] of lines) {
    await shop.setStock(productId, Math.max((await readProduct(shop.db, productId)).stock, quantity))
    expect((await shopper.add(productId, quantity)).status).toBe(200)
  }
  return shopper
}

describe('POST /api/checkout', () => {
  /** Checks out 2 of product 1 at $19.99 (5 in stock) and 3 of product 2 at $5.00 (its last 3). */
  async function checkoutTwoLines() {
    await updateProduct(shop.db, 1, { priceCents: 1999 })
    await updateProduct(shop.db, 2, { priceCents: 500 })
    const shopper = await shopperWith([
      [1, 2],
      [2, 3],
    ])
    await shop.setStock(1, 5)
    await shop.setStock(2, 3)
    const before = { 1: await readProduct(shop.db, 1), 2: await readProduct(shop.db, 2) }
    const response = await shopper.checkout(details, 'checkout-attempt-0001')
    return { shopper, before, response }
  }

  it('places the order at the server’s prices and answers it with 201', async () => {
    const { before, response } = await checkoutTwoLines()
    expect(response.status).toBe(201)
    const order = orderSchema.parse(response.body)
    expect(order).toMatchObject({ email: details.email, name: details.name, address: details.address, status: 'placed', currency: 'USD' })
    expect(order.number).toMatch(/^CW-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/)
    expect(order.id).toBe(order.number)
    expect(order.lines).toEqual([
      { productId: 1, name: before[1].name, unitPriceCents: 1999, quantity: 2, lineTotalCents: 3998 },
      { productId: 2, name: before[2].name, unitPriceCents: 500, quantity: 3, lineTotalCents: 1500 },
    ])
    expect(order).toMatchObject({ itemCount: 5, subtotalCents: 5498, totalCents: 5498 })
  })

  it('takes the bought units from stock', async () => {
    await checkoutTwoLines()
    expect(await readProduct(shop.db, 1)).toMatchObject({ stock: 3 })
    expect(await readProduct(shop.db, 2)).toMatchObject({ stock: 0 })
  })

  it('bumps the version of each product bought', async () => {
    const { before } = await checkoutTwoLines()
    expect(await readProduct(shop.db, 1)).toMatchObject({ version: before[1].version + 1 })
    expect(await readProduct(shop.db, 2)).toMatchObject({ version: before[2].version + 1 })
  })

  it('records one sale movement per line, naming the order', async () => {
    const { response } = await checkoutTwoLines()
    const order = orderSchema.parse(response.body)
    expect(await readStockMovements(shop.db, 1)).toEqual([{ delta: -2, reason: 'sale', actor: `order:${order.number}`, note: null }])
    expect(await readStockMovements(shop.db, 2)).toEqual([{ delta: -3, reason: 'sale', actor: `order:${order.number}`, note: null }])
  })

  it('empties the cart', async () => {
    const { shopper } = await checkoutTwoLines()
    expect((await shopper.getCart()).lines).toEqual([])
  })

  it('renews the cart cookie, so the same browser can find its order', async () => {
    const { response } = await checkoutTwoLines()
    expect(response.headers.get('set-cookie')).toMatch(/^cartwheel_cart=/)
  })

  it('keeps the name and price the shopper paid when the product changes later', async () => {
    const shopper = await shopperWith([[4, 1]])
    const placed = orderSchema.parse((await shopper.checkout(details, 'checkout-attempt-0002')).body)
    await updateProduct(shop.db, 4, { priceCents: 1, name: 'Renamed' })
    const fetched = orderSchema.parse((await shopper.send('GET', `/api/orders/${placed.id}`)).body)
    expect(fetched.lines).toEqual(placed.lines)
  })

  it('ignores prices, totals and lines sent by the client', async () => {
    await updateProduct(shop.db, 3, { priceCents: 2500 })
    const shopper = await shopperWith([[3, 2]])
    const response = await shopper.checkout(
      { ...details, totalCents: 1, subtotalCents: 1, lines: [{ productId: 3, quantity: 50, unitPriceCents: 1 }], unitPriceCents: 1 },
      'checkout-attempt-0003',
    )
    expect(response.status).toBe(201)
    expect(orderSchema.parse(response.body)).toMatchObject({ subtotalCents: 5000, totalCents: 5000, lines: [{ productId: 3, quantity: 2, unitPriceCents: 2500 }] })
  })

  it('refuses a cart filled past the order limits before they existed with 409 CART_FULL, and changes nothing', async () => {
    const shopper = await shopperWith([[1, 1]])
    // Lines written around the API, as carts kept from before the limits would be.
    const token = (shopper.cookie as string).split('=')[1] as string
    for (let productId = 2; productId <= 4; productId++) {
      await shop.setStock(productId, 500)
      await insertCartLine(shop.db, token, { productId, quantity: 99, addedAt: productId })
    }
    const before = (await readProduct(shop.db, 2)).stock
    const response = await shopper.checkout(details, 'checkout-attempt-oversized')
    expect(response).toMatchObject({ status: 409, body: { error: { code: 'CART_FULL' } } })
    expect(await countRows(shop.db, 'orders')).toBe(0)
    expect((await readProduct(shop.db, 2)).stock).toBe(before)
  })

  /** Checks out three lines, two of them short: 4 asked of 3 in stock, and 2 of none. */
  async function checkoutWithShortLines() {
    const shopper = await shopperWith([
      [5, 1],
      [6, 4],
      [7, 2],
    ])
    await shop.setStock(5, 10)
    await shop.setStock(6, 3)
    await shop.setStock(7, 0)
    const before = await Promise.all([5, 6, 7].map((id) => readProduct(shop.db, id)))
    const cartBefore = await shopper.getCart()
    const response = await shopper.checkout(details, 'checkout-attempt-0004')
    return { shopper, before, cartBefore, response }
  }

  it('refuses the whole order with 409 when any line is short, listing every short line', async () => {
    const { response } = await checkoutWithShortLines()
    expect(response.status).toBe(409)
    expect(response.body).toMatchObject({
      error: {
        code: 'INSUFFICIENT_STOCK',
        details: {
          lines: [
            { productId: 6, requested: 4, available: 3 },
            { productId: 7, requested: 2, available: 0 },
          ],
        },
      },
    })
  })

  it('changes nothing when it refuses a short order', async () => {
    const { shopper, before, cartBefore } = await checkoutWithShortLines()
    expect(await Promise.all([5, 6, 7].map((id) => readProduct(shop.db, id)))).toEqual(before)
    expect(await shopper.getCart()).toEqual(cartBefore)
    expect(await countRows(shop.db, 'orders')).toBe(0)
    expect(await countRows(shop.db, 'orderLines')).toBe(0)
    expect(await countRows(shop.db, 'stockMovements')).toBe(0)
  })

  it('lets the same key through again once the shopper fixed the cart after a refusal (nothing was kept)', async () => {
    const shopper = await shopperWith([[8, 3]])
    await shop.setStock(8, 2)
    expect((await shopper.checkout(details, 'checkout-attempt-0005')).status).toBe(409)
    await shopper.set(8, 2)
    expect((await shopper.checkout(details, 'checkout-attempt-0005')).status).toBe(201)
  })

  it('answers 400 CART_EMPTY for an empty cart and for a browser without a cart', async () => {
    const shopper = await shopperWith([[9, 1]])
    await shopper.remove(9)
    const empty = await shopper.checkout(details, 'checkout-attempt-0006')
    expect(empty.status).toBe(400)
    expect(empty.body).toMatchObject({ error: { code: 'CART_EMPTY' } })
    const stranger = await createShopper().checkout(details, 'checkout-attempt-0007')
    expect(stranger.status).toBe(400)
    expect(stranger.body).toMatchObject({ error: { code: 'CART_EMPTY' } })
    expect(await countRows(shop.db, 'orders')).toBe(0)
  })

  it.each([
    ['missing', undefined],
    ['too short', 'short'],
    ['one character short of 16', 'k'.repeat(15)],
    ['with a space', 'has a space in it'],
    ['too long', 'k'.repeat(256)],
  ])('answers 400 when the Idempotency-Key is %s, and places nothing', async (_case, key) => {
    const shopper = await shopperWith([[10, 1]])
    const response = await shopper.checkout(details, key)
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ error: { code: 'VALIDATION_ERROR', details: [{ path: 'Idempotency-Key' }] } })
    expect(await countRows(shop.db, 'orders')).toBe(0)
    expect((await shopper.getCart()).itemCount).toBe(1)
  })

  it.each([
    ['an email that is not one', { ...details, email: 'ada-at-example' }, 'email'],
    ['a blank name', { ...details, name: '   ' }, 'name'],
    ['no address', { email: details.email, name: details.name }, 'address'],
    ['a country we do not ship to', { ...details, address: { ...details.address, country: 'ZZ' } }, 'address.country'],
    ['a postal code with symbols', { ...details, address: { ...details.address, postalCode: '<script>' } }, 'address.postalCode'],
    ['a street over 200 characters', { ...details, address: { ...details.address, line1: 'x'.repeat(201) } }, 'address.line1'],
    ['a name of invisible characters only', { ...details, name: '\u200b\u00ad' }, 'name'],
    ['a city with a control character', { ...details, address: { ...details.address, city: 'Lon\u0000don' } }, 'address.city'],
    ['a name with a right-to-left override', { ...details, name: 'Ada \u202eecalevoL' }, 'name'],
    ['a name with a lone surrogate', { ...details, name: 'Ada \ud800' }, 'name'],
  ])('answers 400 for %s, naming the field, and places nothing', async (_case, body, path) => {
    const shopper = await shopperWith([[11, 1]])
    const response = await shopper.checkout(body, 'checkout-attempt-0008')
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ error: { code: 'VALIDATION_ERROR', details: expect.arrayContaining([expect.objectContaining({ path })]) } })
    expect(await countRows(shop.db, 'orders')).toBe(0)
  })

  it('answers 400, not 500, for a body that is not JSON or not an object', async () => {
    const shopper = await shopperWith([[12, 1]])
    for (const body of ['{', 'null', '[]', '"text"']) {
      const response = await api('/api/checkout', {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: shopper.cookie ?? '', 'idempotency-key': 'checkout-attempt-0009' },
        body,
      })
      expect(response.status, body).toBe(400)
    }
  })
})

describe('checkout of a cart holding a product taken off sale', () => {
  async function checkoutWithArchivedLines() {
    const shopper = await shopperWith([
      [11, 1],
      [12, 2],
      [13, 1],
    ])
    await setArchived(shop.db, 11, true)
    await setArchived(shop.db, 13, true)
    const before = await Promise.all([11, 12, 13].map((id) => readProduct(shop.db, id)))
    const cartBefore = await shopper.getCart()
    const response = await shopper.checkout(details, 'checkout-attempt-0031')
    return { shopper, before, cartBefore, response }
  }

  it('is refused with 409 PRODUCT_ARCHIVED, naming every such line', async () => {
    const { response } = await checkoutWithArchivedLines()
    const [first, third] = [(await readProduct(shop.db, 11)).name, (await readProduct(shop.db, 13)).name]
    expect(response).toMatchObject({
      status: 409,
      body: {
        error: {
          code: 'PRODUCT_ARCHIVED',
          message: `No longer sold: ${first}, ${third}. Remove them from your cart to place your order`,
          details: {
            lines: [
              { productId: 11, name: first },
              { productId: 13, name: third },
            ],
          },
        },
      },
    })
  })

  it('changes nothing: no order, no stock moved, the cart as it was', async () => {
    const { shopper, before, cartBefore } = await checkoutWithArchivedLines()
    expect(await Promise.all([11, 12, 13].map((id) => readProduct(shop.db, id)))).toEqual(before)
    expect(await shopper.getCart()).toEqual(cartBefore)
    expect(await countRows(shop.db, 'orders')).toBe(0)
    expect(await countRows(shop.db, 'orderLines')).toBe(0)
    expect(await countRows(shop.db, 'stockMovements')).toBe(0)
  })

  it('goes through once those lines are removed', async () => {
    const { shopper } = await checkoutWithArchivedLines()
    await shopper.remove(11)
    await shopper.remove(13)
    const response = await shopper.checkout(details, 'checkout-attempt-0032')
    expect(response.status).toBe(201)
    expect(orderSchema.parse(response.body).lines.map((line) => line.productId)).toEqual([12])
  })

  it('leaves alone the orders that already hold it', async () => {
    const shopper = await shopperWith([[14, 2]])
    const placed = orderSchema.parse((await shopper.checkout(details, 'checkout-attempt-0033')).body)
    await setArchived(shop.db, 14, true)
    expect(await shopper.send('GET', `/api/orders/${placed.id}`)).toMatchObject({ status: 200, body: placed })
    expect(orderListSchema.parse((await shopper.send('GET', '/api/orders')).body).items).toEqual([placed])
  })
})

describe('checkout idempotency', () => {
  /** Sends the same checkout (2 of product 13, 5 in stock) twice with one key. */
  async function checkoutTwiceWithOneKey() {
    const shopper = await shopperWith([[13, 2]])
    await shop.setStock(13, 5)
    const first = await shopper.checkout(details, 'checkout-attempt-0010')
    const again = await shopper.checkout(details, 'checkout-attempt-0010')
    return { first, again }
  }

  it('answers the same order to the same key and body', async () => {
    const { first, again } = await checkoutTwiceWithOneKey()
    expect(first.status).toBe(201)
    expect(again.status).toBe(201)
    expect(again.body).toEqual(first.body)
  })

  it('marks the answer to a replay as a replay', async () => {
    const { first, again } = await checkoutTwiceWithOneKey()
    expect(first.headers.get('idempotent-replayed')).toBeNull()
    expect(again.headers.get('idempotent-replayed')).toBe('true')
  })

  it('places the order and takes its stock once for a replayed key', async () => {
    await checkoutTwiceWithOneKey()
    expect((await readProduct(shop.db, 13)).stock).toBe(3)
    expect(await countRows(shop.db, 'orders')).toBe(1)
  })

  it('treats a body that differs only in spacing or unknown fields as the same request', async () => {
    const shopper = await shopperWith([[14, 1]])
    const first = await shopper.checkout(details, 'checkout-attempt-0011')
    const again = await shopper.checkout({ ...details, name: `  ${details.name} `, coupon: 'FREE' }, 'checkout-attempt-0011')
    expect(again.status).toBe(201)
    expect(again.body).toEqual(first.body)
  })

  it('creates one order and one decrement from 20 concurrent requests with one key', async () => {
    const shopper = await shopperWith([[15, 3]])
    await shop.setStock(15, 10)
    const responses = await Promise.all(Array.from({ length: 20 }, () => shopper.checkout(details, 'checkout-attempt-0012')))
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(201))
    expect(new Set(responses.map((response) => (response.body as Order).id)).size).toBe(1)
    expect(await countRows(shop.db, 'orders')).toBe(1)
    expect((await readProduct(shop.db, 15)).stock).toBe(7)
    expect(await readStockMovements(shop.db, 15)).toHaveLength(1)
  })

  it('answers 422 to the same key with another body, and places nothing more', async () => {
    const shopper = await shopperWith([[16, 1]])
    await shopper.checkout(details, 'checkout-attempt-0013')
    await shopper.add(17, 1)
    const reused = await shopper.checkout({ ...details, name: 'Someone Else' }, 'checkout-attempt-0013')
    expect(reused.status).toBe(422)
    expect(reused.body).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REUSED' } })
    expect(await countRows(shop.db, 'orders')).toBe(1)
    expect((await shopper.getCart()).itemCount).toBe(1)
  })

  it('answers 422 to another browser sending a used key, without showing the order', async () => {
    const alice = await shopperWith([[18, 1]])
    await alice.checkout(details, 'checkout-attempt-0014')
    const mallory = await shopperWith([[19, 1]])
    const response = await mallory.checkout(details, 'checkout-attempt-0014')
    expect(response.status).toBe(422)
    expect(JSON.stringify(response.body)).not.toContain(details.email)
  })
})

describe('GET /api/orders', () => {
  /** Alice places two orders from her browser, Bob one from his. */
  async function ordersInTwoBrowsers() {
    const alice = await shopperWith([[20, 1]])
    const first = orderSchema.parse((await alice.checkout(details, 'checkout-attempt-0015')).body)
    await alice.add(21, 1)
    const second = orderSchema.parse((await alice.checkout(details, 'checkout-attempt-0016')).body)
    const bob = await shopperWith([[22, 1]])
    const bobs = orderSchema.parse((await bob.checkout({ ...details, email: 'bob@example.com' }, 'checkout-attempt-0017')).body)
    return { alice, first, second, bobs }
  }

  it("lists this browser's orders only, newest first", async () => {
    const { alice, first, second } = await ordersInTwoBrowsers()
    const list = orderListSchema.parse((await alice.send('GET', '/api/orders')).body)
    expect(list.items.map((order) => order.id)).toEqual([second.id, first.id])
  })

  it("answers one of this browser's orders by its number", async () => {
    const { alice, first } = await ordersInTwoBrowsers()
    expect((await alice.send('GET', `/api/orders/${first.id}`)).body).toEqual(first)
  })

  it("answers another browser's order exactly like one that does not exist", async () => {
    const { alice, bobs } = await ordersInTwoBrowsers()
    const foreign = await alice.send('GET', `/api/orders/${bobs.id}`)
    const missing = await alice.send('GET', '/api/orders/CW-0000-0000')
    expect(foreign.status).toBe(404)
    expect(missing.status).toBe(404)
    expect(foreign.body).toEqual({ error: { code: 'NOT_FOUND', message: `No order ${bobs.id} in this browser` } })
    expect(missing.body).toEqual({ error: { code: 'NOT_FOUND', message: 'No order CW-0000-0000 in this browser' } })
  })

  it('finds an order by its number typed in lower case', async () => {
    const { alice, first } = await ordersInTwoBrowsers()
    // The number is the public id: people type it, in either case.
    expect((await alice.send('GET', `/api/orders/${first.number.toLowerCase()}`)).body).toEqual(first)
  })

  it('refuses a row id as an order id with 400', async () => {
    const { alice } = await ordersInTwoBrowsers()
    // Row ids are not ids here: they would count everyone's orders.
    expect((await alice.send('GET', '/api/orders/1')).status).toBe(400)
  })

  it('answers an empty list and 404s to a browser without the cookie', async () => {
    const alice = await shopperWith([[23, 1]])
    const order = orderSchema.parse((await alice.checkout(details, 'checkout-attempt-0018')).body)
    expect((await api('/api/orders')).body).toEqual({ items: [] })
    expect((await api(`/api/orders/${order.id}`)).status).toBe(404)
    expect((await api(`/api/orders/${order.id}`, { headers: { cookie: 'cartwheel_cart=made-up' } })).status).toBe(404)
  })

  it.each(['abc', '0', '-1', 'CW-1234', 'CW-ABCD-EFGI', 'CW-ABCD-EFGH-1'])('answers 400 for the order id %s', async (id) => {
    const response = await api(`/api/orders/${id}`)
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ error: { code: 'VALIDATION_ERROR', details: [{ path: 'id' }] } })
  })
})

// Several processes on one SQLite file: about SQLite's locking (on PostgreSQL, two server
// processes race in tests/e2e/postgres-processes.spec.ts).
describe.skipIf(testEngine() !== 'sqlite')('the oversell race', () => {
  let directory: string

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'cartwheel-race-'))
  })

  afterEach(() => {
    rmSync(directory, { recursive: true, force: true })
  })

  type Plan = Array<{ token: string; key: string }>
  type Answer = { status: number; orderId?: number }

  /** Starts one racing process and resolves once it has opened the database and waits for "go". */
  function startRacer(databasePath: string, plan: Plan) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/server/support/checkout-racer.ts', databasePath, JSON.stringify(plan)], {
      stdio: ['pipe', 'pipe', 'inherit'],
    })
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
    const ready = lines.next()
    return {
      ready,
      go: () => child.stdin.write('go\n'),
      answers: async () => JSON.parse((await lines.next()).value as string) as Answer[],
    }
  }

  /** Runs the plans in as many processes, started together; resolves with every answer. */
  async function race(path: string, plans: Plan[]) {
    const racers = plans.map((plan) => startRacer(path, plan))
    await Promise.all(racers.map((racer) => racer.ready))
    for (const racer of racers) racer.go()
    return (await Promise.all(racers.map((racer) => racer.answers()))).flat()
  }

  /** A database file with `shoppers` carts, each holding one unit of product 1, whose stock is then set. */
  async function shopFile(shoppers: number, stock: number) {
    const path = join(directory, 'race.db')
    const shared = createTestDatabase({ products: 5, path })
    await updateProduct(shared, 1, { stock: 1_000 })
    const tokens: string[] = []
    for (let index = 0; index < shoppers; index++) {
      const shopper = createBrowser(createApiCaller(shared))
      expect((await shopper.add(1, 1)).status).toBe(200)
      tokens.push((shopper.cookie as string).split('=')[1] as string)
    }
    await updateProduct(shared, 1, { stock })
    return { path, shared, tokens }
  }

  it('sells exactly the stock to 120 shoppers in 4 processes: 10 orders, 110 × 409, no 5xx, stock 0, movements sum to -10', { timeout: 60_000 }, async () => {
    const { path, shared, tokens } = await shopFile(120, 10)
    const plans = [0, 1, 2, 3].map((racer) => tokens.slice(racer * 30, racer * 30 + 30).map((token, index) => ({ token, key: `race-${racer}-${index}-checkout-key` })))

    const statuses = (await race(path, plans)).map((answer) => answer.status)

    expect(statuses.filter((status) => status === 201)).toHaveLength(10)
    expect(statuses.filter((status) => status === 409)).toHaveLength(110)
    expect(statuses.filter((status) => status >= 500)).toEqual([])
    expect((await readProduct(shared, 1)).stock).toBe(0)
    const movements = await readStockMovements(shared, 1)
    expect(movements).toHaveLength(10)
    expect(movements.reduce((sum, movement) => sum + movement.delta, 0)).toBe(-10)
    expect(await countRows(shared, 'orders')).toBe(10)
    shared.$client.close()
  })

  it('places one order for one key sent 20 times from 4 processes at once', { timeout: 60_000 }, async () => {
    const { path, shared, tokens } = await shopFile(1, 10)
    const token = tokens[0] as string
    const plans = [0, 1, 2, 3].map(() => Array.from({ length: 5 }, () => ({ token, key: 'one-key-many-processes-0001' })))

    const answers = await race(path, plans)

    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(201))
    expect(new Set(answers.map((answer) => answer.orderId)).size).toBe(1)
    expect(await countRows(shared, 'orders')).toBe(1)
    expect((await readProduct(shared, 1)).stock).toBe(9)
    expect(await readStockMovements(shared, 1)).toHaveLength(1)
    shared.$client.close()
  })
})
