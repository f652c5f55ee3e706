import { QueryClientProvider } from '@tanstack/react-query'
import { renderHook, waitFor } from '@testing-library/react'
import type { ReactNode } from 'react'
import { beforeEach, describe, expect, it } from 'vitest'
import { addToCartVariables, useAddToCartMutation, useSetCartLineQuantityMutation } from '~/features/cart/cart.mutations'
import { cartQueries } from '~/features/cart/cart.queries'
import { catalogQueries } from '~/features/catalog/catalog.queries'
import { stockQueries } from '~/features/catalog/stock.queries'
import { dismissAllNotices } from '~/lib/notices'
import { cachedListingShowing } from '../support/cached-listing'
import { readProduct } from '../support/database-rows'
import { setUpServedShop } from '../support/served-shop'

const bed = setUpServedShop({ products: 30 })

beforeEach(() => {
  dismissAllNotices()
})

const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={bed.client}>{children}</QueryClientProvider>
const setStock = (id: number, stock: number) => bed.shop.setStock(id, stock)
const slugOf = (id: number) => readProduct(bed.db, id).slug


describe('the cascade after a cart change', () => {
  /**
   * With a listing showing product 5, another listing, product 5's page, the cart and product 6's
   * stock cached, the shopper sets product 5 to 2 while its stock has fallen to 3.
   */
  async function setLineFiveWithCachesWarm() {
    const listing = await cachedListingShowing(bed.client, 5)
    const other = catalogQueries.list({ sort: 'name', page: 1, pageSize: 10, q: 'zzz-no-match' }).queryKey
    await bed.client.fetchQuery(catalogQueries.list({ sort: 'name', page: 1, pageSize: 10, q: 'zzz-no-match' }))
    await bed.client.fetchQuery(catalogQueries.detail(slugOf(5)))
    await bed.client.fetchQuery(cartQueries.detail())
    const untouchedStock = await bed.client.fetchQuery(stockQueries.detail(6))
    setStock(5, 3)
    bed.shop.requests.length = 0

    const { result } = renderHook(() => useSetCartLineQuantityMutation(5), { wrapper })
    await result.current.mutateAsync({ productId: 5, quantity: 2 })
    return { listing, other, untouchedStock }
  }

  const requested = () => bed.shop.requests.map((request) => `${request.method} ${request.path}`)

  it('writes the touched product’s stock and the cart from the answer', async () => {
    await setLineFiveWithCachesWarm()
    expect(bed.client.getQueryData(stockQueries.detail(5).queryKey)).toMatchObject({ productId: 5, stock: 3 })
    expect(bed.client.getQueryData(cartQueries.detail().queryKey)).toMatchObject({ itemCount: 2, lines: [{ productId: 5, stock: 3 }] })
    // The answer carried everything: one PUT, and not one read.
    expect(requested()).toEqual(['PUT /api/cart/lines/5'])
  })

  it('marks stale, without refetching, a listing showing another number', async () => {
    const { listing } = await setLineFiveWithCachesWarm()
    expect(bed.client.getQueryState(listing)?.isInvalidated).toBe(true)
    expect(requested()).toEqual(['PUT /api/cart/lines/5'])
  })

  it('leaves alone other listings, the product’s page and other products’ stock', async () => {
    const { other, untouchedStock } = await setLineFiveWithCachesWarm()
    expect(bed.client.getQueryState(other)?.isInvalidated).toBe(false)
    expect(bed.client.getQueryState(catalogQueries.detail(slugOf(5)).queryKey)?.isInvalidated).toBe(false)
    expect(bed.client.getQueryData(stockQueries.detail(6).queryKey)).toBe(untouchedStock)
  })

  it('leaves a listing alone when it already shows the stock the answer carries', async () => {
    const listing = await cachedListingShowing(bed.client, 7)
    await bed.client.fetchQuery(cartQueries.detail())
    const product = bed.client.getQueryData(listing)?.items.find((item) => item.id === 7)
    if (!product) throw new Error('listing lost product 7')

    const { result } = renderHook(() => useAddToCartMutation(7), { wrapper })
    await result.current.mutateAsync(
      addToCartVariables({ productId: 7, slug: product.slug, name: product.name, unitPriceCents: product.priceCents, stock: product.stock }, 1),
    )

    expect(bed.client.getQueryState(listing)?.isInvalidated).toBe(false)
  })

  it('writes the stock a refusal reports', async () => {
    await bed.client.fetchQuery(cartQueries.detail())
    setStock(8, 1)
    const { result } = renderHook(() => useSetCartLineQuantityMutation(8), { wrapper })
    await expect(result.current.mutateAsync({ productId: 8, quantity: 4 })).rejects.toMatchObject({ status: 409 })
    expect(bed.client.getQueryData(stockQueries.detail(8).queryKey)).toMatchObject({ productId: 8, stock: 1 })
    await waitFor(() => expect(bed.client.isFetching()).toBe(0))
  })
})
