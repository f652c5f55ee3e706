import { QueryClientProvider, useQuery } from '@tanstack/react-query'
import { renderHook, waitFor } from '@testing-library/react'
import type { ReactNode } from 'react'
import { beforeEach, describe, expect, it } from 'vitest'
import { cartQueries } from '~/features/cart/cart.queries'
import { catalogQueries } from '~/features/catalog/catalog.queries'
import { stockQueries } from '~/features/catalog/stock.queries'
import { useRestockMutation, useUpdateProductMutation } from '~/features/inventory/inventory.mutations'
import { useCancelOrderMutation } from '~/features/orders/order-admin.mutations'
import { adminOrderQueries } from '~/features/orders/order-admin.queries'
import { readProduct } from '../support/database-rows'
import { setUpServedShop } from '../support/served-shop'
import { createApiCaller, createBrowser, SEEDED_ADMIN } from '../support/test-database'

const bed = setUpServedShop({ products: 30 })

beforeEach(async () => {
  await bed.shop.call('POST', '/api/admin/session', SEEDED_ADMIN)
})

const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={bed.client}>{children}</QueryClientProvider>
const productRow = (id: number) => readProduct(bed.db, id)

describe('the cascade after an admin change', () => {
  /** With products 3 and 4's pages and a listing showing both cached, the admin edits product 3. */
  async function editProductThree() {
    const { slug, version, stock } = productRow(3)
    await bed.client.fetchQuery(catalogQueries.detail(slug))
    await bed.client.fetchQuery(catalogQueries.detail(productRow(4).slug))
    const listing = catalogQueries.list({ sort: 'name', pageSize: 100 })
    await bed.client.fetchQuery(listing)
    bed.shop.requests.length = 0

    const { result } = renderHook(() => useUpdateProductMutation(), { wrapper })
    await result.current.mutateAsync({ productId: 3, stock: stock + 9, priceCents: 4_321, version })
    return { slug, stock, version, listing }
  }

  it('writes the product page and its stock from the answer', async () => {
    const { slug, stock, version } = await editProductThree()
    expect(bed.client.getQueryData(catalogQueries.detail(slug).queryKey)).toMatchObject({ stock: stock + 9, priceCents: 4_321, version: version + 1 })
    expect(bed.client.getQueryData(stockQueries.detail(3).queryKey)).toMatchObject({ stock: stock + 9, version: version + 1 })
    // Everything came from the answer: the PATCH was the only request.
    expect(bed.shop.requests.map((request) => request.method)).toEqual(['PATCH'])
  })

  it('marks listings showing the product stale', async () => {
    const { listing } = await editProductThree()
    expect(bed.client.getQueryState(listing.queryKey)?.isInvalidated).toBe(true)
  })

  it('leaves other products’ pages alone', async () => {
    await editProductThree()
    expect(bed.client.getQueryState(catalogQueries.detail(productRow(4).slug).queryKey)?.isInvalidated).toBe(false)
  })

  it('refetches this browser’s cart when it holds the product and the price changed', async () => {
    await bed.shop.call('POST', '/api/cart/lines', { productId: 5, quantity: 1 })
    // The cart on screen (the header badge observes it).
    renderHook(() => useQuery(cartQueries.detail()), { wrapper })
    await waitFor(() => expect(bed.client.getQueryData(cartQueries.detail().queryKey)?.itemCount).toBe(1))
    bed.shop.requests.length = 0
    const { version } = productRow(5)
    const { result } = renderHook(() => useUpdateProductMutation(), { wrapper })
    await result.current.mutateAsync({ productId: 5, priceCents: 1_234, version })
    await waitFor(() => expect(bed.client.getQueryData(cartQueries.detail().queryKey)?.subtotalCents).toBe(1_234))
    expect(bed.shop.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['PATCH /api/admin/products/5', 'GET /api/cart'])
  })

  it('leaves the cart alone when it does not hold the product', async () => {
    await bed.shop.call('POST', '/api/cart/lines', { productId: 7, quantity: 1 })
    await bed.client.fetchQuery(cartQueries.detail())
    const { result } = renderHook(() => useRestockMutation(), { wrapper })
    await result.current.mutateAsync({ productId: 6, delta: 4, reason: 'delivery' })
    await waitFor(() => expect(bed.client.isMutating()).toBe(0))
    expect(bed.client.getQueryState(cartQueries.detail().queryKey)?.isInvalidated).toBe(false)
    expect(bed.client.getQueryData(stockQueries.detail(6).queryKey)).toMatchObject({ stock: productRow(6).stock })
  })
})

describe('the cascade after an admin cancels an order', () => {
  /**
   * Another browser bought 2 of product 9; with the admin's order list, the stock of products 9
   * and 10 and a listing cached, the admin cancels that order.
   */
  async function cancelAnotherBrowsersOrder() {
    const shopper = createBrowser(createApiCaller(bed.db))
    await shopper.add(9, 2)
    const details = { email: 'ada@example.com', name: 'Ada Lovelace', address: { line1: '1 Main St', city: 'Leeds', postalCode: 'LS1 1AA', country: 'GB' } }
    const placed = (await shopper.checkout(details, crypto.randomUUID())).body as { number: string }
    const orders = adminOrderQueries.list({ page: 1, pageSize: 50 })
    await bed.client.fetchQuery(orders)
    await bed.client.fetchQuery(stockQueries.detail(9))
    await bed.client.fetchQuery(stockQueries.detail(10))
    const listing = catalogQueries.list({ sort: 'name', pageSize: 100 })
    await bed.client.fetchQuery(listing)
    bed.shop.requests.length = 0

    const { result } = renderHook(() => useCancelOrderMutation(), { wrapper })
    await result.current.mutateAsync(placed.number)
    return { placed, orders, listing }
  }

  it('writes the order in the admin list and the returned stock from the answer', async () => {
    const { placed, orders } = await cancelAnotherBrowsersOrder()
    expect(bed.client.getQueryData(orders.queryKey)?.items[0]).toMatchObject({ number: placed.number, status: 'cancelled' })
    expect(bed.client.getQueryData(stockQueries.detail(9).queryKey)).toMatchObject({ stock: productRow(9).stock, version: productRow(9).version })
    expect(bed.shop.requests.map((request) => request.method)).toEqual(['POST'])
  })

  it('marks listings showing the returned product stale', async () => {
    const { listing } = await cancelAnotherBrowsersOrder()
    expect(bed.client.getQueryState(listing.queryKey)?.isInvalidated).toBe(true)
  })

  it('leaves other products’ stock alone', async () => {
    await cancelAnotherBrowsersOrder()
    expect(bed.client.getQueryState(stockQueries.detail(10).queryKey)?.isInvalidated).toBe(false)
  })
})

