import { describe, expect, it } from 'vitest'
import { cacheTiers } from '../../../app.config'
import { catalogKeys, catalogQueries, normalizeListFilters } from './catalog.queries'
import { stockKeys, stockQueries } from './stock.queries'

const startsWith = (key: readonly unknown[], prefix: readonly unknown[]) => prefix.every((part, index) => key[index] === part)

describe('catalogKeys', () => {
  it('nests every key under its general prefix, so invalidating a prefix reaches it', () => {
    const list = catalogKeys.list(normalizeListFilters({ category: 'desks' }))
    expect(startsWith(list, catalogKeys.lists())).toBe(true)
    expect(startsWith(catalogKeys.lists(), catalogKeys.all)).toBe(true)
    expect(startsWith(catalogKeys.detail('oak-desk-1'), catalogKeys.details())).toBe(true)
    expect(startsWith(catalogKeys.categories(), catalogKeys.all)).toBe(true)
  })

  it('keeps lists, details and categories apart', () => {
    expect(startsWith(catalogKeys.detail('x'), catalogKeys.lists())).toBe(false)
    expect(startsWith(catalogKeys.categories(), catalogKeys.lists())).toBe(false)
  })

  it('gives one key to filters that differ only by defaults or blanks', () => {
    const plain = catalogKeys.list(normalizeListFilters({ category: 'desks' }))
    const spelledOut = catalogKeys.list(normalizeListFilters({ category: 'desks', sort: 'relevance', page: 1, pageSize: 24, q: ' ', inStock: false }))
    expect(spelledOut).toEqual(plain)
  })

  it('gives one key to searches that differ only by case and spacing', () => {
    expect(catalogKeys.list({ q: ' Oak   Desk ' })).toEqual(catalogKeys.list({ q: 'oak desk' }))
  })

  it('gives one key to "relevance" and "newest" when there are no search words', () => {
    expect(catalogKeys.list({ sort: 'relevance' })).toEqual(catalogKeys.list({ sort: 'newest' }))
    expect(catalogKeys.list({ q: 'oak', sort: 'relevance' })).not.toEqual(catalogKeys.list({ q: 'oak', sort: 'newest' }))
  })

  it('keeps a lower-cased search within the API’s 200 characters', () => {
    const [, , filters] = catalogKeys.list({ q: 'İ'.repeat(150) })
    expect(filters.q?.length).toBeLessThanOrEqual(200)
  })

  it('gives different keys to different pages', () => {
    expect(catalogKeys.list(normalizeListFilters({ page: 2 }))).not.toEqual(catalogKeys.list(normalizeListFilters({ page: 1 })))
  })
})

describe('stockKeys', () => {
  it('keys stock per product, outside the catalog keys', () => {
    expect(startsWith(stockKeys.detail(3), stockKeys.details())).toBe(true)
    expect(startsWith(stockKeys.detail(3), catalogKeys.all)).toBe(false)
    expect(stockKeys.detail(3)).not.toEqual(stockKeys.detail(4))
  })
})

describe('query options', () => {
  it('take their freshness from the tier table', () => {
    expect(catalogQueries.categories()).toMatchObject({ staleTime: cacheTiers.static.staleTime, gcTime: cacheTiers.static.gcTime })
    expect(catalogQueries.detail('x')).toMatchObject({ staleTime: cacheTiers.catalog.staleTime })
    expect(catalogQueries.list({})).toMatchObject({ staleTime: cacheTiers.listing.staleTime, refetchOnWindowFocus: true })
    const stock = stockQueries.detail(1)
    // Pushed by live events: the tier's age and polling apply only while they are not arriving (app/lib/cache-tiers.test.ts).
    expect(typeof stock.staleTime === 'function' && stock.staleTime(undefined as never)).toBe(cacheTiers.volatile.staleTime)
    expect(typeof stock.refetchInterval === 'function' && stock.refetchInterval(undefined as never)).toBe(cacheTiers.volatile.refetchInterval)
  })
})
