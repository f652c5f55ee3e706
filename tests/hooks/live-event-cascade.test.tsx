import { QueryClientProvider, useQuery } from '@tanstack/react-query'
import { renderHook, waitFor } from '@testing-library/react'
import type { ReactNode } from 'react'
import { describe, expect, it } from 'vitest'
import { addToCartVariables, useAddToCartMutation } from '~/features/cart/cart.mutations'
import { cartKeys, cartQueries } from '~/features/cart/cart.queries'
import type { Cart } from '~/features/cart/cart.schemas'
import { catalogQueries } from '~/features/catalog/catalog.queries'
import { stockQueries } from '~/features/catalog/stock.queries'
import { inventoryQueries } from '~/features/inventory/inventory.queries'
import type { LiveEvent } from '~/live/live-events'
import { cascadeEntries } from '~/query/cascade-log'
import { dispatchLiveEvent } from '~/query/event-cascade'
import { cachedListingShowing } from '../support/cached-listing'
import { productChangeInPlace } from '../support/live-events'
import { readProduct, saveProductElsewhere } from '../support/database-rows'
import { setUpServedShop } from '../support/served-shop'
import { SEEDED_ADMIN } from '../support/test-database'

const bed = setUpServedShop({ products: 30 })

const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={bed.client}>{children}</QueryClientProvider>

let nextId = 1_000
/** An event as the server would publish it after a change to product `id`, from the database row as it is now. */
function stockEvent(id: number): LiveEvent {
  const { stock, version } = readProduct(bed.db, id)
  return { id: nextId++, type: 'stock', data: { productId: id, stock, version } }
}

async function productEvent(id: number): Promise<LiveEvent> {
  return { id: nextId++, type: 'product', data: await productChangeInPlace(bed.db, id) }
}

const cartEvent = (cart: Cart): LiveEvent => ({ id: nextId++, type: 'cart', data: cart })

/** What the event's cascade wrote, marked stale and refetched, as the inspector lists it. */
function lastEntry() {
  const [entry] = cascadeEntries(bed.client).get()
  if (!entry) throw new Error('No cascade was recorded')
  return entry
}

/** A product changed on the server, as another shopper's purchase or an admin's edit does (the version moves on). */
function changeOnServer(id: number, changes: { stock?: number; priceCents?: number }) {
  saveProductElsewhere(bed.db, id, changes)
}

describe('a stock event', () => {
  async function warmCachesForProductFive() {
    const { slug } = readProduct(bed.db, 5)
    await bed.client.fetchQuery(catalogQueries.detail(slug))
    await bed.client.fetchQuery(stockQueries.detail(5))
    await bed.client.fetchQuery(stockQueries.detail(6))
    const listing = await cachedListingShowing(bed.client, 5)
    bed.shop.requests.length = 0
    return { slug, listing }
  }

  it('writes the stock entry, the product page and each listing showing it, with no request', async () => {
    const { slug, listing } = await warmCachesForProductFive()
    changeOnServer(5, { stock: 3 })
    dispatchLiveEvent(bed.client, stockEvent(5))

    expect(bed.client.getQueryData(stockQueries.detail(5).queryKey)).toMatchObject({ stock: 3, version: readProduct(bed.db, 5).version })
    expect(bed.client.getQueryData(catalogQueries.detail(slug).queryKey)).toMatchObject({ stock: 3 })
    expect(bed.client.getQueryData(listing)?.items.find((item) => item.id === 5)?.stock).toBe(3)
    expect(lastEntry()).toMatchObject({ source: 'event', stale: [], refetched: [] })
    expect(lastEntry().wrote).toHaveLength(3)
    expect(bed.shop.requests).toEqual([])
  })

  it('touches nothing of other products', async () => {
    await warmCachesForProductFive()
    const otherStock = bed.client.getQueryData(stockQueries.detail(6).queryKey)
    changeOnServer(5, { stock: 3 })
    dispatchLiveEvent(bed.client, stockEvent(5))
    expect(bed.client.getQueryData(stockQueries.detail(6).queryKey)).toBe(otherStock)
    expect(lastEntry().wrote).not.toContainEqual(stockQueries.detail(6).queryKey)
  })

  it('changes nothing when it repeats what this browser already shows (its own change coming back)', async () => {
    const { slug } = await warmCachesForProductFive()
    const before = bed.client.getQueryData(catalogQueries.detail(slug).queryKey)
    const stockBefore = bed.client.getQueryData(stockQueries.detail(5).queryKey)
    dispatchLiveEvent(bed.client, stockEvent(5))
    expect(bed.client.getQueryData(catalogQueries.detail(slug).queryKey)).toBe(before)
    expect(bed.client.getQueryData(stockQueries.detail(5).queryKey)).toBe(stockBefore)
    expect(lastEntry().wrote).toEqual([])
  })

  it('never goes back to an older version', async () => {
    await warmCachesForProductFive()
    const old = stockEvent(5)
    changeOnServer(5, { stock: 2 })
    dispatchLiveEvent(bed.client, stockEvent(5))
    dispatchLiveEvent(bed.client, old)
    expect(bed.client.getQueryData(stockQueries.detail(5).queryKey)).toMatchObject({ stock: 2 })
  })
})

describe('a product event', () => {
  it('writes the new price into the product page and the listings, and refetches only a cart that holds it', async () => {
    await bed.shop.call('POST', '/api/cart/lines', { productId: 5, quantity: 1 })
    renderHook(() => useQuery(cartQueries.detail()), { wrapper })
    await waitFor(() => expect(bed.client.getQueryData(cartKeys.detail())?.itemCount).toBe(1))
    const { slug } = readProduct(bed.db, 5)
    await bed.client.fetchQuery(catalogQueries.detail(slug))
    const listing = await cachedListingShowing(bed.client, 5)
    bed.shop.requests.length = 0

    changeOnServer(5, { priceCents: 1_234 })
    dispatchLiveEvent(bed.client, await productEvent(5))

    expect(bed.client.getQueryData(catalogQueries.detail(slug).queryKey)).toMatchObject({ priceCents: 1_234 })
    expect(bed.client.getQueryData(listing)?.items.find((item) => item.id === 5)?.priceCents).toBe(1_234)
    expect(lastEntry().refetched).toEqual([cartKeys.detail()])
    await waitFor(() => expect(bed.client.getQueryData(cartKeys.detail())?.subtotalCents).toBe(1_234))
    expect(bed.shop.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /api/cart'])
  })

  it('sends no request when the cart does not hold the product', async () => {
    await bed.client.fetchQuery(cartQueries.detail())
    const listing = await cachedListingShowing(bed.client, 5)
    bed.shop.requests.length = 0
    changeOnServer(5, { priceCents: 999 })
    dispatchLiveEvent(bed.client, await productEvent(5))
    expect(bed.client.getQueryData(listing)?.items.find((item) => item.id === 5)?.priceCents).toBe(999)
    expect(lastEntry().refetched).toEqual([])
    expect(bed.shop.requests).toEqual([])
  })
})

describe('an inventory event', () => {
  it('rewrites a held row at an older version, and never one at the same or a newer one', async () => {
    await bed.shop.call('POST', '/api/admin/session', SEEDED_ADMIN)
    const list = inventoryQueries.list({ sort: 'name', order: 'asc' })
    await bed.client.fetchInfiniteQuery(list)
    const rowOf = (id: number) => bed.client.getQueryData(list.queryKey)?.pages[0]?.items.find((item) => item.productId === id)
    const held = rowOf(5)
    if (!held) throw new Error('The first page does not hold product 5')

    dispatchLiveEvent(bed.client, { id: nextId++, type: 'inventory', data: { ...held, stock: 0 } })
    expect(rowOf(5)).toBe(held)

    dispatchLiveEvent(bed.client, { id: nextId++, type: 'inventory', data: { ...held, stock: 11, version: held.version + 1 } })
    expect(rowOf(5)).toMatchObject({ stock: 11, version: held.version + 1 })
  })
})

describe('a cart event', () => {
  it('writes a newer cart with no request', async () => {
    await bed.client.fetchQuery(cartQueries.detail())
    bed.shop.requests.length = 0
    // Another tab of this browser adds a line.
    const cart = (await bed.shop.call('POST', '/api/cart/lines', { productId: 4, quantity: 2 })) as Cart
    dispatchLiveEvent(bed.client, cartEvent(cart))
    expect(bed.client.getQueryData(cartKeys.detail())).toEqual(cart)
    expect(bed.shop.requests).toEqual([])
  })

  it('is ignored when the cache already holds that cart or a later one', async () => {
    const older = (await bed.shop.call('POST', '/api/cart/lines', { productId: 4, quantity: 1 })) as Cart
    await new Promise((resolve) => setTimeout(resolve, 2))
    await bed.shop.call('POST', '/api/cart/lines', { productId: 4, quantity: 1 })
    const current = await bed.client.fetchQuery(cartQueries.detail())
    // The pause above put the two changes in different milliseconds: the event really is older.
    expect(String(older.updatedAt) < String(current.updatedAt)).toBe(true)
    dispatchLiveEvent(bed.client, cartEvent(older))
    expect(bed.client.getQueryData(cartKeys.detail())).toBe(current)
  })

  it('waits while this tab’s own change is on its way, then writes what is newer than its answer', async () => {
    // The browser already has a cart (its cookie), so every change below is to that one cart.
    await bed.shop.call('POST', '/api/cart/lines', { productId: 4, quantity: 1 })
    await bed.client.fetchQuery(cartQueries.detail())
    const { slug, name, priceCents, stock } = readProduct(bed.db, 7)
    bed.shop.holdWrites('answers')
    const { result } = renderHook(() => useAddToCartMutation(7), { wrapper })
    const added = result.current.mutateAsync(addToCartVariables({ productId: 7, slug, name, unitPriceCents: priceCents, stock }, 1))
    await waitFor(() => expect(bed.shop.held).toHaveLength(1))
    // The change is applied and its own event comes back before its answer; then another tab adds three of another product.
    const own = (await bed.shop.call('GET', '/api/cart')) as Cart
    expect(own.itemCount).toBe(2)
    dispatchLiveEvent(bed.client, cartEvent(own))
    await new Promise((resolve) => setTimeout(resolve, 2))
    const later = (await bed.shop.call('POST', '/api/cart/lines', { productId: 9, quantity: 3 })) as Cart
    // The pause put it in a later millisecond: it really is newer than the change's answer.
    expect(String(later.updatedAt) > String(own.updatedAt)).toBe(true)
    dispatchLiveEvent(bed.client, cartEvent(later))
    // The screen keeps the optimistic cart: nothing is written while the change is unconfirmed.
    expect(bed.client.getQueryData(cartKeys.detail())?.lines.map((line) => [line.productId, line.quantity])).toEqual([
      [4, 1],
      [7, 1],
    ])

    bed.shop.releaseAll()
    await added
    await waitFor(() => expect(bed.client.getQueryData(cartKeys.detail())).toEqual(later))
  })
})
