import { QueryClientProvider, useQuery } from '@tanstack/react-query'
import { render, renderHook, waitFor } from '@testing-library/react'
import type { ReactNode } from 'react'
import { describe, expect, it } from 'vitest'
import { addToCartVariables, useAddToCartMutation } from '~/features/cart/cart.mutations'
import { cartKeys, cartQueries } from '~/features/cart/cart.queries'
import { catalogQueries } from '~/features/catalog/catalog.queries'
import { stockQueries } from '~/features/catalog/stock.queries'
import { usePlaceOrderMutation } from '~/features/orders/checkout.mutations'
import { orderQueries } from '~/features/orders/orders.queries'
import { cachedListingShowing } from '../support/cached-listing'
import { readProduct, setArchived } from '../support/database-rows'
import { setUpServedShop } from '../support/served-shop'

const bed = setUpServedShop({ products: 30 })

const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={bed.client}>{children}</QueryClientProvider>
const input = { email: 'ada@example.com', name: 'Ada', address: { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' as const } }
const requested = () => bed.shop.requests.map((request) => `${request.method} ${request.path}`)

/** A stock badge on screen: its query is active, so the cascade refetches it. */
function StockOnScreen({ productId }: { productId: number }) {
  const { data } = useQuery(stockQueries.detail(productId))
  return <p>{data?.stock}</p>
}

/** The cart on screen (the checkout page): its query is active, so an invalidation refetches it. */
function CartOnScreen() {
  const { data } = useQuery(cartQueries.detail())
  return <p>{data?.itemCount}</p>
}


describe('the cascade after a purchase', () => {
  /**
   * With the cart (2 of product 4, 1 of product 5), the order list, a listing showing product 4, an
   * unrelated listing and the stock of products 5 and 6 cached, and product 4's stock on screen,
   * the shopper places the order.
   */
  async function purchaseWithCachesWarm() {
    for (const [productId, quantity] of [
      [4, 2],
      [5, 1],
    ] as const) {
      bed.shop.setStock(productId, 10)
      await bed.shop.call('POST', '/api/cart/lines', { productId, quantity })
    }
    await bed.client.fetchQuery(cartQueries.detail())
    await bed.client.fetchQuery(orderQueries.list())
    const listing = await cachedListingShowing(bed.client, 4)
    const unrelatedListing = catalogQueries.list({ sort: 'name', page: 1, pageSize: 10, q: 'zzz-no-match' })
    await bed.client.fetchQuery(unrelatedListing)
    await bed.client.fetchQuery(stockQueries.detail(5))
    const unrelatedStock = await bed.client.fetchQuery(stockQueries.detail(6))
    render(<StockOnScreen productId={4} />, { wrapper })
    await waitFor(() => expect(bed.client.getQueryData(stockQueries.detail(4).queryKey)).toMatchObject({ stock: 10 }))
    bed.shop.requests.length = 0

    const { result } = renderHook(() => usePlaceOrderMutation(), { wrapper })
    const order = await result.current.mutateAsync({ input, idempotencyKey: 'cascade-test-0001' })
    // The refetch the purchase starts ends inside the test that caused it.
    await waitFor(() => expect(bed.client.isFetching()).toBe(0))
    return { order, listing, unrelatedListing, unrelatedStock }
  }

  it('writes the order and the empty cart from the answer', async () => {
    const { order } = await purchaseWithCachesWarm()
    expect(bed.client.getQueryData(orderQueries.detail(order.id).queryKey)).toBe(order)
    expect(bed.client.getQueryData(orderQueries.list().queryKey)?.items).toEqual([order])
    expect(bed.client.getQueryData(cartKeys.detail())).toMatchObject({ lines: [], itemCount: 0, subtotalCents: 0, updatedAt: order.createdAt })
    expect(bed.client.getQueryState(cartKeys.detail())?.isInvalidated).toBe(false)
  })

  it('refetches the bought product’s stock on screen, and reads nothing else', async () => {
    await purchaseWithCachesWarm()
    await waitFor(() => expect(bed.client.getQueryData(stockQueries.detail(4).queryKey)).toMatchObject({ stock: 8 }))
    // One POST and the one refetch of what is on screen: no cart read, no order read.
    expect(requested()).toEqual(['POST /api/checkout', 'GET /api/stock?ids=4'])
  })

  it('marks stale, without refetching, the other bought product’s stock and the listing showing them', async () => {
    const { listing } = await purchaseWithCachesWarm()
    expect(bed.client.getQueryState(stockQueries.detail(5).queryKey)?.isInvalidated).toBe(true)
    expect(bed.client.getQueryData(stockQueries.detail(5).queryKey)).toMatchObject({ stock: 10 })
    expect(bed.client.getQueryState(listing)?.isInvalidated).toBe(true)
  })

  it('leaves unrelated listings and stock as they were, down to their objects', async () => {
    const { unrelatedListing, unrelatedStock } = await purchaseWithCachesWarm()
    expect(bed.client.getQueryState(unrelatedListing.queryKey)?.isInvalidated).toBe(false)
    expect(bed.client.getQueryState(stockQueries.detail(6).queryKey)?.isInvalidated).toBe(false)
    expect(bed.client.getQueryData(stockQueries.detail(6).queryKey)).toBe(unrelatedStock)
  })

  it('a stock refusal writes the numbers it reports into the cart and the stock cache, with no request', async () => {
    bed.shop.setStock(7, 10)
    await bed.shop.call('POST', '/api/cart/lines', { productId: 7, quantity: 3 })
    await bed.client.fetchQuery(cartQueries.detail())
    bed.shop.setStock(7, 2)
    bed.shop.requests.length = 0

    const { result } = renderHook(() => usePlaceOrderMutation(), { wrapper })
    await expect(result.current.mutateAsync({ input, idempotencyKey: 'cascade-test-0002' })).rejects.toMatchObject({ status: 409 })

    expect(bed.client.getQueryData(cartKeys.detail())?.lines).toEqual([expect.objectContaining({ productId: 7, quantity: 3, stock: 2 })])
    expect(bed.client.getQueryData(stockQueries.detail(7).queryKey)).toMatchObject({ stock: 2 })
    expect(requested()).toEqual(['POST /api/checkout'])
  })

  it('a refusal for a product no longer sold marks its cart line at once, reads the cart again, and marks its page stale', async () => {
    for (const productId of [12, 13]) {
      bed.shop.setStock(productId, 10)
      await bed.shop.call('POST', '/api/cart/lines', { productId, quantity: 1 })
    }
    await bed.client.fetchQuery(cartQueries.detail())
    const page = catalogQueries.detail(readProduct(bed.db, 12).slug)
    await bed.client.fetchQuery(page)
    const otherPage = catalogQueries.detail(readProduct(bed.db, 13).slug)
    await bed.client.fetchQuery(otherPage)
    render(<CartOnScreen />, { wrapper })
    setArchived(bed.db, 12, true)
    bed.shop.requests.length = 0

    const { result } = renderHook(() => usePlaceOrderMutation(), { wrapper })
    const refused = result.current.mutateAsync({ input, idempotencyKey: 'cascade-test-0005' })
    await expect(refused).rejects.toMatchObject({ status: 409, code: 'PRODUCT_ARCHIVED' })
    // Written from the refusal, before the cart is read again.
    expect(bed.client.getQueryData(cartKeys.detail())?.lines.map((line) => [line.productId, line.archived])).toEqual([
      [12, true],
      [13, false],
    ])
    expect(bed.client.getQueryState(page.queryKey)?.isInvalidated).toBe(true)
    expect(bed.client.getQueryState(otherPage.queryKey)?.isInvalidated).toBe(false)

    await waitFor(() => expect(bed.client.isFetching()).toBe(0))
    expect(requested()).toEqual(['POST /api/checkout', 'GET /api/cart'])
    expect(bed.client.getQueryData(cartKeys.detail())?.lines.map((line) => [line.productId, line.archived])).toEqual([
      [12, true],
      [13, false],
    ])
  })

  it('a cart changed while the order was on its way is read again, not emptied', async () => {
    bed.shop.setStock(9, 10)
    bed.shop.setStock(10, 10)
    await bed.shop.call('POST', '/api/cart/lines', { productId: 9, quantity: 1 })
    await bed.client.fetchQuery(cartQueries.detail())
    bed.shop.holdWrites('answers')
    const { result } = renderHook(() => ({ order: usePlaceOrderMutation(), add: useAddToCartMutation(10) }), { wrapper })
    const placing = result.current.order.mutateAsync({ input, idempotencyKey: 'cascade-test-0003' })
    await waitFor(() => expect(bed.shop.held).toHaveLength(1))
    // The order is placed on the server; its answer is late. Meanwhile the shopper adds a lamp.
    const lamp = { productId: 10, slug: 'lamp', name: 'Lamp', unitPriceCents: 100, stock: 10 }
    const adding = result.current.add.mutateAsync(addToCartVariables(lamp, 1))
    await waitFor(() => expect(bed.shop.held).toHaveLength(2))
    bed.shop.held[1]?.release()
    await adding
    bed.shop.held[0]?.release()
    await placing

    await waitFor(() => expect(bed.client.isFetching()).toBe(0))
    expect(bed.client.getQueryData(cartKeys.detail())?.lines.map((line) => line.productId)).toEqual([10])
  })

  it('a refusal about quantities this screen does not show reads the cart again', async () => {
    bed.shop.setStock(11, 10)
    await bed.shop.call('POST', '/api/cart/lines', { productId: 11, quantity: 1 })
    await bed.client.fetchQuery(cartQueries.detail())
    render(<CartOnScreen />, { wrapper })
    // Another tab raised the line to 3; this screen still shows 1.
    await bed.shop.call('PUT', '/api/cart/lines/11', { quantity: 3 })
    bed.shop.setStock(11, 2)
    bed.shop.requests.length = 0

    const { result } = renderHook(() => usePlaceOrderMutation(), { wrapper })
    await expect(result.current.mutateAsync({ input, idempotencyKey: 'cascade-test-0004' })).rejects.toMatchObject({ status: 409 })

    await waitFor(() => expect(bed.client.getQueryData(cartKeys.detail())?.lines).toEqual([expect.objectContaining({ productId: 11, quantity: 3, stock: 2 })]))
    expect(requested()).toEqual(['POST /api/checkout', 'GET /api/cart'])
  })
})
