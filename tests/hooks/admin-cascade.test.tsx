import { QueryClientProvider, useQuery, type QueryClient } from '@tanstack/react-query'
import { renderHook, waitFor } from '@testing-library/react'
import type { ReactNode } from 'react'
import { beforeEach, describe, expect, it } from 'vitest'
import type { AppDatabase } from '#db/connection'
import { cartQueries } from '~/features/cart/cart.queries'
import { catalogQueries } from '~/features/catalog/catalog.queries'
import { stockQueries } from '~/features/catalog/stock.queries'
import { useRestockMutation, useUpdateProductMutation } from '~/features/inventory/inventory.mutations'
import { useCancelOrderMutation } from '~/features/orders/order-admin.mutations'
import { adminOrderQueries } from '~/features/orders/order-admin.queries'
import { createQueryClient } from '~/query/query-client'
import { serveShopApi } from '../support/shop-api'
import { createApiCaller, createBrowser, createTestDatabase } from '../support/test-database'

let db: AppDatabase
let shop: ReturnType<typeof serveShopApi>
let client: QueryClient

beforeEach(async () => {
  db = createTestDatabase({ products: 30 })
  shop = serveShopApi(db)
  client = createQueryClient()
  await shop.call('POST', '/api/admin/session', { email: 'admin@cartwheel.test', password: 'cartwheel-admin' })
})

const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>
const productRow = (id: number) =>
  db.$client.prepare('SELECT slug, stock, price_cents AS priceCents, version FROM products WHERE id = ?').get(id) as {
    slug: string
    stock: number
    priceCents: number
    version: number
  }

describe('the cascade after an admin change', () => {
  it('writes the product page and its stock, marks listings showing it stale, and leaves the rest alone', async () => {
    const { slug, version, stock } = productRow(3)
    await client.fetchQuery(catalogQueries.detail(slug))
    await client.fetchQuery(catalogQueries.detail(productRow(4).slug))
    const listing = catalogQueries.list({ sort: 'name', pageSize: 100 })
    await client.fetchQuery(listing)
    shop.requests.length = 0

    const { result } = renderHook(() => useUpdateProductMutation(), { wrapper })
    await result.current.mutateAsync({ productId: 3, stock: stock + 9, priceCents: 4_321, version })

    expect(client.getQueryData(catalogQueries.detail(slug).queryKey)).toMatchObject({ stock: stock + 9, priceCents: 4_321, version: version + 1 })
    expect(client.getQueryData(stockQueries.detail(3).queryKey)).toMatchObject({ stock: stock + 9, version: version + 1 })
    expect(client.getQueryState(listing.queryKey)?.isInvalidated).toBe(true)
    expect(client.getQueryState(catalogQueries.detail(productRow(4).slug).queryKey)?.isInvalidated).toBe(false)
    // Everything came from the answer: the PATCH was the only request.
    expect(shop.requests.map((request) => request.method)).toEqual(['PATCH'])
  })

  it('refetches this browser’s cart when it holds the product and the price changed', async () => {
    await shop.call('POST', '/api/cart/lines', { productId: 5, quantity: 1 })
    // The cart on screen (the header badge observes it).
    renderHook(() => useQuery(cartQueries.detail()), { wrapper })
    await waitFor(() => expect(client.getQueryData(cartQueries.detail().queryKey)?.itemCount).toBe(1))
    shop.requests.length = 0
    const { version } = productRow(5)
    const { result } = renderHook(() => useUpdateProductMutation(), { wrapper })
    await result.current.mutateAsync({ productId: 5, priceCents: 1_234, version })
    await waitFor(() => expect(client.getQueryData(cartQueries.detail().queryKey)?.subtotalCents).toBe(1_234))
    expect(shop.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['PATCH /api/admin/products/5', 'GET /api/cart'])
  })

  it('leaves the cart alone when it does not hold the product', async () => {
    await shop.call('POST', '/api/cart/lines', { productId: 7, quantity: 1 })
    await client.fetchQuery(cartQueries.detail())
    const { result } = renderHook(() => useRestockMutation(), { wrapper })
    await result.current.mutateAsync({ productId: 6, delta: 4, reason: 'delivery' })
    await waitFor(() => expect(client.isMutating()).toBe(0))
    expect(client.getQueryState(cartQueries.detail().queryKey)?.isInvalidated).toBe(false)
    expect(client.getQueryData(stockQueries.detail(6).queryKey)).toMatchObject({ stock: productRow(6).stock })
  })
})

describe('the cascade after an admin cancels an order', () => {
  it('writes the order in the admin list and the returned stock from the answer, marks listings showing it stale, touches nothing else', async () => {
    // Another browser placed the order.
    const shopper = createBrowser(createApiCaller(db))
    await shopper.add(9, 2)
    const details = { email: 'ada@example.com', name: 'Ada Lovelace', address: { line1: '1 Main St', city: 'Leeds', postalCode: 'LS1 1AA', country: 'GB' } }
    const placed = (await shopper.checkout(details, crypto.randomUUID())).body as { number: string }
    const orders = adminOrderQueries.list({ page: 1, pageSize: 50 })
    await client.fetchQuery(orders)
    await client.fetchQuery(stockQueries.detail(9))
    await client.fetchQuery(stockQueries.detail(10))
    const listing = catalogQueries.list({ sort: 'name', pageSize: 100 })
    await client.fetchQuery(listing)
    shop.requests.length = 0

    const { result } = renderHook(() => useCancelOrderMutation(), { wrapper })
    await result.current.mutateAsync(placed.number)

    expect(client.getQueryData(orders.queryKey)?.items[0]).toMatchObject({ number: placed.number, status: 'cancelled' })
    expect(client.getQueryData(stockQueries.detail(9).queryKey)).toMatchObject({ stock: productRow(9).stock, version: productRow(9).version })
    expect(client.getQueryState(listing.queryKey)?.isInvalidated).toBe(true)
    expect(client.getQueryState(stockQueries.detail(10).queryKey)?.isInvalidated).toBe(false)
    expect(shop.requests.map((request) => request.method)).toEqual(['POST'])
  })
})

