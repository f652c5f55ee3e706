import { hashKey, QueryClientProvider, useQuery, type QueryKey } from '@tanstack/react-query'
import { renderHook, waitFor } from '@testing-library/react'
import type { ReactNode } from 'react'
import { beforeEach, describe, expect, it } from 'vitest'
import { cartKeys, cartQueries } from '~/features/cart/cart.queries'
import { catalogQueries } from '~/features/catalog/catalog.queries'
import { stockQueries } from '~/features/catalog/stock.queries'
import { getAdminProduct } from '~/features/inventory/catalog-admin.server'
import {
  useArchiveProductMutation,
  useCreateProductMutation,
  useEditProductMutation,
  useRenameCategoryMutation,
} from '~/features/inventory/catalog-admin.mutations'
import { catalogAdminQueries } from '~/features/inventory/catalog-admin.queries'
import { inventoryQueries } from '~/features/inventory/inventory.queries'
import { cascadeEntries } from '~/query/cascade-log'
import { dispatchLiveEvent } from '~/query/event-cascade'
import type { LiveEvent } from '~/live/live-events'
import { readProductsByName } from '../support/database-rows'
import { recordLiveEvents } from '../support/live-events'
import { setUpServedShop } from '../support/served-shop'
import { SEEDED_ADMIN } from '../support/test-database'

const bed = setUpServedShop({ products: 48 })

beforeEach(async () => {
  await bed.shop.call('POST', '/api/admin/session', SEEDED_ADMIN)
})

const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={bed.client}>{children}</QueryClientProvider>

/** Keys as comparable strings, sorted: the test compares sets of queries touched. */
const hashes = (keys: readonly QueryKey[]) => keys.map((key) => hashKey(key)).sort()

/** What the last cascade wrote, marked stale and refetched. */
function lastCascade() {
  const [entry] = cascadeEntries(bed.client).get()
  if (!entry) throw new Error('No cascade was recorded')
  return { wrote: hashes(entry.wrote), stale: hashes(entry.stale), refetched: hashes(entry.refetched) }
}

/** The requests the browser sent since the caches were warmed, as "METHOD path". */
const requestsSent = () => bed.shop.requests.map((request) => `${request.method} ${request.path.split('?')[0]}`)

/**
 * A shopper's and an admin's caches at once, as one browser holds them: the category nav and the
 * product's page on screen, the listing of its category on screen, the listing of another
 * category, the home listing (every category), a search, another product's page, the admin's
 * entry of the product, its audit trail and the inventory grid.
 */
async function warmCaches() {
  const [product] = readProductsByName(bed.db, 1)
  if (!product) throw new Error('No product')
  const other = readProductsByName(bed.db, 48).find((row) => row.category !== product.category)
  if (!other) throw new Error('No product in another category')
  const keys = {
    nav: catalogQueries.categories().queryKey,
    detail: catalogQueries.detail(product.slug).queryKey,
    otherDetail: catalogQueries.detail(other.slug).queryKey,
    stock: stockQueries.detail(product.id).queryKey,
    ownCategory: catalogQueries.list({ category: product.category, sort: 'name', pageSize: 100 }).queryKey,
    otherCategory: catalogQueries.list({ category: other.category, sort: 'name', pageSize: 100 }).queryKey,
    home: catalogQueries.list({ sort: 'newest', pageSize: 100 }).queryKey,
    search: catalogQueries.list({ q: 'zzzz nothing matches' }).queryKey,
    adminProduct: catalogAdminQueries.product(product.id).queryKey,
    adminChanges: catalogAdminQueries.productChanges(product.id).queryKey,
    adminCategories: catalogAdminQueries.categories().queryKey,
    inventory: inventoryQueries.list({ sort: 'name', order: 'asc' }).queryKey,
  }
  renderHook(() => useQuery(catalogQueries.categories()), { wrapper })
  renderHook(() => useQuery(catalogQueries.detail(product.slug)), { wrapper })
  renderHook(() => useQuery(catalogQueries.list({ category: product.category, sort: 'name', pageSize: 100 })), { wrapper })
  await Promise.all([
    bed.client.fetchQuery(catalogQueries.detail(other.slug)),
    bed.client.fetchQuery(stockQueries.detail(product.id)),
    bed.client.fetchQuery(catalogQueries.list({ category: other.category, sort: 'name', pageSize: 100 })),
    bed.client.fetchQuery(catalogQueries.list({ sort: 'newest', pageSize: 100 })),
    bed.client.fetchQuery(catalogQueries.list({ q: 'zzzz nothing matches' })),
    bed.client.fetchQuery(catalogAdminQueries.product(product.id)),
    bed.client.fetchQuery(catalogAdminQueries.productChanges(product.id)),
    bed.client.fetchQuery(catalogAdminQueries.categories()),
    bed.client.fetchInfiniteQuery(inventoryQueries.list({ sort: 'name', order: 'asc' })),
  ])
  await waitFor(() => expect(bed.client.isFetching()).toBe(0))
  bed.shop.requests.length = 0
  return { product, other, keys }
}

describe('the cascade of a catalog change', () => {
  it('a rename writes the product page, its stock, each listing item showing it and the admin’s entry, and refetches no listing', async () => {
    const { product, keys } = await warmCaches()
    const { result } = renderHook(() => useEditProductMutation(), { wrapper })
    await result.current.mutateAsync({ productId: product.id, name: 'Aardvark Oak Desk', version: product.version })

    // The listings holding it: its category's and the home page's (the search shows nothing). Its
    // category's is sorted by name, so the new name may sit out of order there: stale, not refetched.
    expect(lastCascade()).toEqual({
      wrote: hashes([keys.detail, keys.stock, keys.ownCategory, keys.home, keys.adminProduct, keys.inventory]),
      stale: hashes([keys.adminChanges, keys.ownCategory]),
      refetched: [],
    })
    expect(requestsSent()).toEqual([`PATCH /api/admin/catalog/products/${product.id}`])
    const listing = bed.client.getQueryData(keys.ownCategory)
    expect(listing?.items.find((item) => item.id === product.id)?.name).toBe('Aardvark Oak Desk')
    expect(bed.client.getQueryData(keys.detail)?.name).toBe('Aardvark Oak Desk')
  })

  it('a price edit writes the same caches, and refetches the cart when a line holds the product', async () => {
    const { product, keys } = await warmCaches()
    await bed.shop.call('POST', '/api/cart/lines', { productId: product.id, quantity: 1 })
    renderHook(() => useQuery(cartQueries.detail()), { wrapper })
    await waitFor(() => expect(bed.client.getQueryData(cartKeys.detail())?.itemCount).toBe(1))
    bed.shop.requests.length = 0

    const { result } = renderHook(() => useEditProductMutation(), { wrapper })
    await result.current.mutateAsync({ productId: product.id, priceCents: 777, version: product.version })
    await waitFor(() => expect(bed.client.getQueryData(cartKeys.detail())?.subtotalCents).toBe(777))
    expect(lastCascade()).toEqual({
      wrote: hashes([keys.detail, keys.stock, keys.ownCategory, keys.home, keys.adminProduct, keys.inventory]),
      stale: hashes([keys.adminChanges]),
      refetched: hashes([cartKeys.detail()]),
    })
    expect(requestsSent()).toEqual([`PATCH /api/admin/catalog/products/${product.id}`, 'GET /api/cart'])
  })

  it('a move refreshes both categories’ listings and the counts, writes the home listing’s item, and nothing else', async () => {
    const { product, other, keys } = await warmCaches()
    const { result } = renderHook(() => useEditProductMutation(), { wrapper })
    await result.current.mutateAsync({ productId: product.id, categorySlug: other.category, version: product.version })

    const cascade = lastCascade()
    // On screen, so refetched: the nav and the category it left. Off screen, so marked stale: the one it joined, the admin's categories.
    expect(cascade.refetched).toEqual(hashes([keys.nav, keys.ownCategory]))
    expect(cascade.stale).toEqual(hashes([keys.otherCategory, keys.adminCategories, keys.adminChanges]))
    expect(cascade.wrote).toEqual(hashes([keys.detail, keys.stock, keys.ownCategory, keys.home, keys.adminProduct, keys.inventory]))
    expect(bed.client.getQueryData(keys.home)?.items.find((item) => item.id === product.id)?.category.slug).toBe(other.category)
    await waitFor(() => expect(bed.client.getQueryData(keys.ownCategory)?.items.some((item) => item.id === product.id)).toBe(false))
  })

  it('a new product refreshes its category’s listings, every all-category listing, the counts and the grid; no product page', async () => {
    const { other, keys } = await warmCaches()
    const { result } = renderHook(() => useCreateProductMutation(), { wrapper })
    await result.current.mutateAsync({ name: 'Zinc Garden Bench', description: 'Sturdy.', categorySlug: other.category, sku: 'ZNC-001', priceCents: 9_900, stock: 3 })

    const cascade = lastCascade()
    expect(cascade.refetched).toEqual(hashes([keys.nav]))
    expect(cascade.stale).toEqual(hashes([keys.otherCategory, keys.home, keys.search, keys.adminCategories, keys.inventory]))
    // Its stock entry is new; no other entry is written.
    expect(cascade.wrote).toHaveLength(1)
    expect(bed.client.getQueryState(keys.ownCategory)?.isInvalidated).toBe(false)
    expect(bed.client.getQueryState(keys.detail)?.isInvalidated).toBe(false)
  })

  it('archiving refreshes the listings that hold it and its category’s, the all-category listings and the counts', async () => {
    const { product, keys } = await warmCaches()
    const { result } = renderHook(() => useArchiveProductMutation(), { wrapper })
    await result.current.mutateAsync({ productId: product.id, version: product.version, archived: true })

    const cascade = lastCascade()
    expect(cascade.refetched).toEqual(hashes([keys.nav, keys.ownCategory]))
    expect(cascade.stale).toEqual(hashes([keys.home, keys.search, keys.adminCategories, keys.adminChanges]))
    expect(bed.client.getQueryData(keys.detail)?.archived).toBe(true)
    expect(bed.client.getQueryState(keys.otherCategory)?.isInvalidated).toBe(false)
    await waitFor(() => expect(bed.client.getQueryData(keys.ownCategory)?.items.some((item) => item.id === product.id)).toBe(false))
  })

  it('a category’s new name is written into the nav, its listing items and product pages, with no request but the rename', async () => {
    const { product, keys } = await warmCaches()
    const category = bed.client.getQueryData(keys.adminCategories)?.find((entry) => entry.slug === product.category)
    if (!category) throw new Error('No category')
    const { result } = renderHook(() => useRenameCategoryMutation(), { wrapper })
    await result.current.mutateAsync({ slug: category.slug, name: 'Work Tables', version: category.version })

    expect(lastCascade()).toEqual({ wrote: hashes([keys.nav, keys.adminCategories, keys.ownCategory, keys.home, keys.detail]), stale: [], refetched: [] })
    expect(requestsSent()).toEqual([`PATCH /api/admin/catalog/categories/${category.slug}`])
    expect(bed.client.getQueryData(keys.detail)?.category.name).toBe('Work Tables')
  })

  it('another browser’s rename, heard as a live event, writes the same caches as the admin’s own answer', async () => {
    const { product, keys } = await warmCaches()
    bed.db.$client.prepare('update products set name = ?, version = version + 1 where id = ?').run('Aardvark Oak Desk', product.id)
    const now = await getAdminProduct(bed.db, product.id)
    dispatchLiveEvent(bed.client, { id: 1, type: 'product', data: { product: now, previous: { slug: now.slug, categorySlug: now.category.slug, archived: false } } })

    expect(lastCascade()).toEqual({
      wrote: hashes([keys.detail, keys.stock, keys.ownCategory, keys.home, keys.adminProduct, keys.inventory]),
      stale: hashes([keys.adminChanges, keys.ownCategory]),
      refetched: [],
    })
    expect(requestsSent()).toEqual([])
  })

  it('an edit of name and stock, heard as the server publishes it (its events in order), reaches the product page whole', async () => {
    const { product, keys } = await warmCaches()
    const events = recordLiveEvents(bed.db)
    // Another admin's edit, through the API: this browser hears only its events.
    const answer = await bed.shop.call('PATCH', `/api/admin/catalog/products/${product.id}`, { name: 'Aardvark Oak Desk', stock: 2, version: product.version })
    expect(answer).toMatchObject({ product: { name: 'Aardvark Oak Desk' } })
    expect(events.summary()).toEqual(['product → everyone', 'stock → everyone', 'inventory → admins'])
    for (const event of events.heard) dispatchLiveEvent(bed.client, { id: event.id, type: event.type, data: event.data } as LiveEvent)

    expect(bed.client.getQueryData(keys.detail)).toMatchObject({ name: 'Aardvark Oak Desk', stock: 2, version: product.version + 1 })
    expect(bed.client.getQueryData(keys.adminProduct)).toMatchObject({ name: 'Aardvark Oak Desk', stock: 2, version: product.version + 1 })
  })

  it('the admin’s own change, heard again as its live event, writes and refetches nothing more', async () => {
    const { product } = await warmCaches()
    const events = recordLiveEvents(bed.db)
    const { result } = renderHook(() => useArchiveProductMutation(), { wrapper })
    await result.current.mutateAsync({ productId: product.id, version: product.version, archived: true })
    await waitFor(() => expect(bed.client.isFetching()).toBe(0))
    bed.shop.requests.length = 0

    const productEvent = events.heard.find((event) => event.type === 'product')
    if (!productEvent) throw new Error('No product event')
    dispatchLiveEvent(bed.client, { id: productEvent.id, type: 'product', data: productEvent.data } as LiveEvent)
    expect(lastCascade()).toEqual({ wrote: [], stale: [], refetched: [] })
    expect(requestsSent()).toEqual([])
  })
})
