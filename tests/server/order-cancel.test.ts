import { beforeEach, describe, expect, it } from 'vitest'
import { adminOrderPageSchema, cancellationSchema } from '~/features/orders/order-admin.schemas'
import { orderSchema } from '~/features/orders/orders.schemas'
import { setUpShopOnEitherEngine } from '../support/fresh-shop'
import { readProduct, readStockMovements } from '../support/shop-rows'

const shop = setUpShopOnEitherEngine({ products: 20, stock: 10 })
const { api } = shop
let admin: string

const details = { email: 'ada@example.com', name: 'Ada Lovelace', address: { line1: '1 Main St', city: 'Leeds', postalCode: 'LS1 1AA', country: 'GB' } }

beforeEach(async () => {
  admin = await shop.adminCookie()
})

const cancel = (number: string, cookie = admin) => api(`/api/admin/orders/${number}/cancel`, { method: 'POST', headers: { cookie } })

async function placeOrder(lines: Array<[number, number]>) {
  const shopper = shop.createShopper()
  for (const [productId, quantity] of lines) await shopper.add(productId, quantity)
  const placed = await shopper.checkout(details, crypto.randomUUID())
  return { shopper, order: orderSchema.parse(placed.body) }
}

describe('an admin cancels an order', () => {
  /** Places an order for 2 of product 1 and 3 of product 2, then the admin cancels it. */
  async function cancelTwoLineOrder() {
    const { shopper, order } = await placeOrder([
      [1, 2],
      [2, 3],
    ])
    const before = { 1: await readProduct(shop.db, 1), 2: await readProduct(shop.db, 2) }
    const response = await cancel(order.number)
    return { shopper, order, before, response }
  }

  it('answers the order as cancelled', async () => {
    const { response } = await cancelTwoLineOrder()
    expect(response.status).toBe(200)
    expect(cancellationSchema.parse(response.body).order.status).toBe('cancelled')
  })

  it('returns every unit to stock and bumps each product’s version', async () => {
    const { before, response } = await cancelTwoLineOrder()
    expect(cancellationSchema.parse(response.body).stock).toEqual([
      { productId: 1, stock: 10, version: before[1].version + 1 },
      { productId: 2, stock: 10, version: before[2].version + 1 },
    ])
  })

  it('records a cancellation movement for each line, after its sale', async () => {
    const { order } = await cancelTwoLineOrder()
    expect(await readStockMovements(shop.db, 2)).toEqual([
      { delta: -3, reason: 'sale', actor: `order:${order.number}`, note: null },
      { delta: 3, reason: 'cancellation', actor: 'admin@cartwheel.test', note: `Order ${order.number} cancelled` },
    ])
  })

  it('shows the shopper the order as cancelled', async () => {
    const { shopper, order } = await cancelTwoLineOrder()
    const seen = await api(`/api/orders/${order.number}`, { headers: { cookie: shopper.cookie ?? '' } })
    expect(seen.body).toMatchObject({ status: 'cancelled', lines: [{ productId: 1 }, { productId: 2 }] })
  })

  it('refuses a second cancel with 409, so stock returns once', async () => {
    const { order } = await placeOrder([[3, 4]])
    expect((await cancel(order.number)).status).toBe(200)
    expect(await cancel(order.number)).toMatchObject({ status: 409, body: { error: { code: 'ORDER_NOT_CANCELLABLE', details: { status: 'cancelled' } } } })
    expect((await readProduct(shop.db, 3)).stock).toBe(10)
  })

  it('refuses with 409 STOCK_LIMIT and changes nothing when a return would pass the stock limit', async () => {
    const { order } = await placeOrder([
      [4, 1],
      [5, 1],
    ])
    await shop.setStock(5, 1_000_000)
    expect(await cancel(order.number)).toMatchObject({ status: 409, body: { error: { code: 'STOCK_LIMIT', details: { productId: 5, stock: 1_000_000, room: 0 } } } })
    expect([(await readProduct(shop.db, 4)).stock, (await readProduct(shop.db, 5)).stock]).toEqual([9, 1_000_000])
    expect(await readStockMovements(shop.db, 4)).toHaveLength(1)
    const listed = adminOrderPageSchema.parse((await api('/api/admin/orders', { headers: { cookie: admin } })).body)
    expect(listed.items[0]).toMatchObject({ number: order.number, status: 'placed' })
  })

  it('answers 401 without an admin session and 404 for an unknown order', async () => {
    const { order } = await placeOrder([[6, 1]])
    expect((await cancel(order.number, '')).status).toBe(401)
    expect((await api('/api/admin/orders')).status).toBe(401)
    expect((await cancel('CW-0000-0000')).status).toBe(404)
  })

  it('lists every browser’s orders newest first, filtered by status', async () => {
    const first = await placeOrder([[7, 1]])
    const second = await placeOrder([[8, 1]])
    await cancel(first.order.number)
    const all = adminOrderPageSchema.parse((await api('/api/admin/orders', { headers: { cookie: admin } })).body)
    expect(all.items.map((item) => item.number)).toEqual([second.order.number, first.order.number])
    const cancelled = adminOrderPageSchema.parse((await api('/api/admin/orders?status=cancelled', { headers: { cookie: admin } })).body)
    expect(cancelled.items.map((item) => item.number)).toEqual([first.order.number])
  })
})
