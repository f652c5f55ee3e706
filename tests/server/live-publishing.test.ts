import { beforeEach, describe, expect, it } from 'vitest'
import { orderSchema } from '~/features/orders/orders.schemas'
import { setUpShopOnEitherEngine } from '../support/fresh-shop'
import { recordLiveEvents } from '../support/live-events'
import { readProduct } from '../support/shop-rows'

/**
 * The services publish what changed once their transaction has committed: to everyone, to admins,
 * or to one cart's connections. A refused or replayed request changes nothing, and says nothing.
 */

const shop = setUpShopOnEitherEngine({ products: 5, stock: 10 })
let events: ReturnType<typeof recordLiveEvents>
let admin: string

beforeEach(async () => {
  admin = await shop.adminCookie()
  events = recordLiveEvents(shop.db)
})

const details = { email: 'ada@example.com', name: 'Ada Lovelace', address: { line1: '1 Main St', city: 'Leeds', postalCode: 'LS1 1AA', country: 'GB' } }
const tokenOf = (cookie: string | undefined) => cookie?.split('=')[1]

const patch = (productId: number, body: Record<string, number>) =>
  shop.api(`/api/admin/products/${productId}`, { method: 'PATCH', headers: { cookie: admin, 'content-type': 'application/json' }, body: JSON.stringify(body) })
const restock = (productId: number, delta: number) =>
  shop.api(`/api/admin/products/${productId}/restock`, { method: 'POST', headers: { cookie: admin, 'content-type': 'application/json' }, body: JSON.stringify({ delta, reason: 'Delivery' }) })

describe('cart writes', () => {
  it('send the cart, as the API answers it, to that cart’s connections only, after the commit', async () => {
    const shopper = shop.createShopper()
    const added = await shopper.add(1, 2)
    expect(events.heard).toEqual([expect.objectContaining({ type: 'cart', data: added.body, audience: { to: 'cart', token: tokenOf(shopper.cookie) }, duringTransaction: false })])
    const set = await shopper.set(1, 3)
    const removed = await shopper.remove(1)
    expect(events.heard.map((event) => event.data)).toEqual([added.body, set.body, removed.body])
  })

  it('say nothing for an idempotent replay, a refused add, or a remove that removed nothing', async () => {
    const shopper = shop.createShopper()
    const key = { 'idempotency-key': 'a1b2c3d4-0000-4000-8000-000000000001' }
    await shopper.add(1, 1, key)
    events.clear()
    expect((await shopper.add(1, 1, key)).status).toBe(200)
    expect((await shopper.add(2, 11)).status).toBe(409)
    expect((await shopper.remove(3)).status).toBe(200)
    expect(events.heard).toEqual([])
  })
})

describe('checkout', () => {
  async function buy(lines: Array<[number, number]>, key = crypto.randomUUID()) {
    const shopper = shop.createShopper()
    for (const [productId, quantity] of lines) await shopper.add(productId, quantity)
    events.clear()
    return { shopper, response: await shopper.checkout(details, key), key }
  }

  it('sends each bought product’s new stock to everyone and its row to admins, then the emptied cart to the buyer', async () => {
    const { shopper, response } = await buy([
      [1, 2],
      [2, 3],
    ])
    expect(response.status).toBe(201)
    expect(events.summary()).toEqual(['stock → everyone', 'inventory → admins', 'stock → everyone', 'inventory → admins', 'cart → cart'])
    expect(events.heard.every((event) => !event.duringTransaction)).toBe(true)
    for (const productId of [1, 2]) {
      const row = await readProduct(shop.db, productId)
      expect(events.heard).toContainEqual(expect.objectContaining({ type: 'stock', data: { productId, stock: row.stock, version: row.version } }))
      expect(events.heard).toContainEqual(
        expect.objectContaining({ type: 'inventory', data: expect.objectContaining({ productId, stock: row.stock, version: row.version, sku: row.sku, updatedAt: new Date(row.updatedAt).toISOString() }) }),
      )
    }
    expect((await readProduct(shop.db, 1)).stock).toBe(8)
    const cartEvent = events.heard.at(-1)
    expect(cartEvent?.audience).toEqual({ to: 'cart', token: tokenOf(shopper.cookie) })
    expect(cartEvent?.data).toEqual(await shopper.getCart())
    expect(orderSchema.parse(response.body).lines).toHaveLength(2)
  })

  it('says nothing when the order is refused for stock, or replayed', async () => {
    const { shopper, key } = await buy([[1, 2]])
    events.clear()
    expect((await shopper.checkout(details, key)).status).toBe(201)
    const late = shop.createShopper()
    await late.add(2, 3)
    await shop.setStock(2, 2)
    events.clear()
    expect((await late.checkout(details, crypto.randomUUID())).status).toBe(409)
    expect(events.heard).toEqual([])
  })
})

describe('admin changes', () => {
  it('a stock edit sends the stock and the row; a price edit sends the product and the row', async () => {
    const version = (await readProduct(shop.db, 1)).version
    expect((await patch(1, { stock: 4, version })).status).toBe(200)
    expect(events.summary()).toEqual(['stock → everyone', 'inventory → admins'])
    events.clear()
    const row = await readProduct(shop.db, 1)
    expect((await patch(1, { priceCents: row.priceCents + 100, version: row.version })).status).toBe(200)
    expect(events.summary()).toEqual(['product → everyone', 'inventory → admins'])
    const after = await readProduct(shop.db, 1)
    expect(events.heard[0]?.data).toEqual({
      product: expect.objectContaining({ id: 1, slug: after.slug, name: after.name, priceCents: after.priceCents, version: after.version, updatedAt: new Date(after.updatedAt).toISOString() }),
      previous: { slug: after.slug, categorySlug: after.category, archived: false },
    })
    expect(events.heard.every((event) => !event.duringTransaction)).toBe(true)
  })

  it('an edit of a stale version (409) says nothing', async () => {
    const version = (await readProduct(shop.db, 1)).version
    expect((await patch(1, { stock: 4, version: version + 1 })).status).toBe(409)
    expect(events.heard).toEqual([])
  })

  it('a restock sends the stock and the row; a refused one says nothing', async () => {
    expect((await restock(3, 5)).status).toBe(200)
    expect(events.heard.map((event) => event.data)).toEqual([
      { productId: 3, stock: 15, version: (await readProduct(shop.db, 3)).version },
      expect.objectContaining({ productId: 3, stock: 15 }),
    ])
    events.clear()
    expect((await restock(3, -100)).status).toBe(409)
    expect(events.heard).toEqual([])
  })

  it('cancelling an order sends each returned product’s stock and row', async () => {
    const shopper = shop.createShopper()
    await shopper.add(4, 2)
    const order = orderSchema.parse((await shopper.checkout(details, crypto.randomUUID())).body)
    events.clear()
    expect((await shop.api(`/api/admin/orders/${order.number}/cancel`, { method: 'POST', headers: { cookie: admin } })).status).toBe(200)
    expect(events.summary()).toEqual(['stock → everyone', 'inventory → admins'])
    expect(events.heard[0]?.data).toEqual({ productId: 4, stock: 10, version: (await readProduct(shop.db, 4)).version })
  })
})
