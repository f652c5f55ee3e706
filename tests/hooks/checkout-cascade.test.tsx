import { QueryClientProvider, useQuery, type QueryClient } from '@tanstack/react-query'
import { render, renderHook, waitFor } from '@testing-library/react'
import type { ReactNode } from 'react'
import { beforeEach, describe, expect, it } from 'vitest'
import type { AppDatabase } from '#db/connection'
import { addToCartVariables, useAddToCartMutation } from '~/features/cart/cart.mutations'
import { cartQueries } from '~/features/cart/cart.queries'
import { catalogQueries } from '~/features/catalog/catalog.queries'
import { stockQueries } from '~/features/catalog/stock.queries'
import { usePlaceOrderMutation } from '~/features/orders/checkout.mutations'
import { orderQueries } from '~/features/orders/orders.queries'
import { createQueryClient } from '~/query/query-client'
import { serveShopApi } from '../support/shop-api'
import { cachedListingShowing } from '../support/cached-listing'
import { createTestDatabase } from '../support/test-database'

let db: AppDatabase
let shop: ReturnType<typeof serveShopApi>
let client: QueryClient

beforeEach(() => {
  db = createTestDatabase({ products: 30 })
  shop = serveShopApi(db)
  client = createQueryClient()
})

const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>
const input = { email: 'ada@example.com', name: 'Ada', address: { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' as const } }
const requested = () => shop.requests.map((request) => `${request.method} ${request.path}`)

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
  it('writes the order and the empty cart from the answer, refetches on-screen stock, marks the rest stale, and touches nothing else', async () => {
    for (const [productId, quantity] of [
      [4, 2],
      [5, 1],
    ] as const) {
      shop.setStock(productId, 10)
      await shop.call('POST', '/api/cart/lines', { productId, quantity })
    }
    await client.fetchQuery(cartQueries.detail())
    await client.fetchQuery(orderQueries.list())
    const listing = await cachedListingShowing(client, 4)
    const unrelatedListing = catalogQueries.list({ sort: 'name', page: 1, pageSize: 10, q: 'zzz-no-match' })
    await client.fetchQuery(unrelatedListing)
    await client.fetchQuery(stockQueries.detail(5))
    const unrelatedStock = await client.fetchQuery(stockQueries.detail(6))
    render(<StockOnScreen productId={4} />, { wrapper })
    await waitFor(() => expect(client.getQueryData(stockQueries.detail(4).queryKey)).toMatchObject({ stock: 10 }))
    shop.requests.length = 0

    const { result } = renderHook(() => usePlaceOrderMutation(), { wrapper })
    const order = await result.current.mutateAsync({ input, idempotencyKey: 'cascade-test-0001' })

    // Written from the answer: the order, the head of the list, and the cart, now empty.
    expect(client.getQueryData(orderQueries.detail(order.id).queryKey)).toBe(order)
    expect(client.getQueryData(orderQueries.list().queryKey)?.items).toEqual([order])
    expect(client.getQueryData(cartQueries.detail().queryKey)).toMatchObject({ lines: [], itemCount: 0, subtotalCents: 0, updatedAt: order.createdAt })
    expect(client.getQueryState(cartQueries.detail().queryKey)?.isInvalidated).toBe(false)
    // The on-screen stock is refetched; the other bought product is only marked stale.
    await waitFor(() => expect(client.getQueryData(stockQueries.detail(4).queryKey)).toMatchObject({ stock: 8 }))
    expect(client.getQueryState(stockQueries.detail(5).queryKey)?.isInvalidated).toBe(true)
    expect(client.getQueryData(stockQueries.detail(5).queryKey)).toMatchObject({ stock: 10 })
    expect(client.getQueryState(listing)?.isInvalidated).toBe(true)
    // Unrelated entries keep their state and their objects.
    expect(client.getQueryState(unrelatedListing.queryKey)?.isInvalidated).toBe(false)
    expect(client.getQueryState(stockQueries.detail(6).queryKey)?.isInvalidated).toBe(false)
    expect(client.getQueryData(stockQueries.detail(6).queryKey)).toBe(unrelatedStock)
    // One POST and the one refetch of what is on screen: no cart read, no order read.
    expect(requested()).toEqual(['POST /api/checkout', 'GET /api/stock?ids=4'])
  })

  it('a stock refusal writes the numbers it reports into the cart and the stock cache, with no request', async () => {
    shop.setStock(7, 10)
    await shop.call('POST', '/api/cart/lines', { productId: 7, quantity: 3 })
    await client.fetchQuery(cartQueries.detail())
    shop.setStock(7, 2)
    shop.requests.length = 0

    const { result } = renderHook(() => usePlaceOrderMutation(), { wrapper })
    await expect(result.current.mutateAsync({ input, idempotencyKey: 'cascade-test-0002' })).rejects.toMatchObject({ status: 409 })

    expect(client.getQueryData(cartQueries.detail().queryKey)?.lines).toEqual([expect.objectContaining({ productId: 7, quantity: 3, stock: 2 })])
    expect(client.getQueryData(stockQueries.detail(7).queryKey)).toMatchObject({ stock: 2 })
    expect(requested()).toEqual(['POST /api/checkout'])
  })

  it('a cart changed while the order was on its way is read again, not emptied', async () => {
    shop.setStock(9, 10)
    shop.setStock(10, 10)
    await shop.call('POST', '/api/cart/lines', { productId: 9, quantity: 1 })
    await client.fetchQuery(cartQueries.detail())
    shop.holdWrites('answers')
    const { result } = renderHook(() => ({ order: usePlaceOrderMutation(), add: useAddToCartMutation(10) }), { wrapper })
    const placing = result.current.order.mutateAsync({ input, idempotencyKey: 'cascade-test-0003' })
    await waitFor(() => expect(shop.held).toHaveLength(1))
    // The order is placed on the server; its answer is late. Meanwhile the shopper adds a lamp.
    const lamp = { productId: 10, slug: 'lamp', name: 'Lamp', unitPriceCents: 100, stock: 10 }
    const adding = result.current.add.mutateAsync(addToCartVariables(lamp, 1))
    await waitFor(() => expect(shop.held).toHaveLength(2))
    shop.held[1]?.release()
    await adding
    shop.held[0]?.release()
    await placing

    await waitFor(() => expect(client.isFetching()).toBe(0))
    expect(client.getQueryData(cartQueries.detail().queryKey)?.lines.map((line) => line.productId)).toEqual([10])
  })

  it('a refusal about quantities this screen does not show reads the cart again', async () => {
    shop.setStock(11, 10)
    await shop.call('POST', '/api/cart/lines', { productId: 11, quantity: 1 })
    await client.fetchQuery(cartQueries.detail())
    render(<CartOnScreen />, { wrapper })
    // Another tab raised the line to 3; this screen still shows 1.
    await shop.call('PUT', '/api/cart/lines/11', { quantity: 3 })
    shop.setStock(11, 2)
    shop.requests.length = 0

    const { result } = renderHook(() => usePlaceOrderMutation(), { wrapper })
    await expect(result.current.mutateAsync({ input, idempotencyKey: 'cascade-test-0004' })).rejects.toMatchObject({ status: 409 })

    await waitFor(() => expect(client.getQueryData(cartQueries.detail().queryKey)?.lines).toEqual([expect.objectContaining({ productId: 11, quantity: 3, stock: 2 })]))
    expect(requested()).toEqual(['POST /api/checkout', 'GET /api/cart'])
  })
})
