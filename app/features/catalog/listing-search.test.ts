import { describe, expect, it } from 'vitest'
import { canonicalCategoryPath, listingSearchSchema, toListFilters } from './listing-search'

describe('listing search params', () => {
  it('reads what a GET form without JavaScript submits', () => {
    expect(listingSearchSchema.parse({ q: 'oak', min: '10', max: '', inStock: 'on', sort: 'price-asc' })).toEqual({
      q: 'oak',
      min: 10,
      max: undefined,
      inStock: true,
      sort: 'price-asc',
      page: undefined,
    })
  })

  it('falls back to defaults for values a person mistyped', () => {
    expect(listingSearchSchema.parse({ min: 'cheap', sort: 'bogus', page: '-1' })).toEqual({
      q: undefined,
      min: undefined,
      max: undefined,
      inStock: undefined,
      sort: undefined,
      page: undefined,
    })
  })

  it('keeps a search exactly as typed, even when it looks like a number', () => {
    expect(listingSearchSchema.parse({ q: '1.50' }).q).toBe('1.50')
  })

  it('takes the first of a parameter given twice, and ignores a search that is not text', () => {
    expect(listingSearchSchema.parse({ q: ['oak', 'ash'], page: ['2', '3'] })).toMatchObject({ q: 'oak', page: 2 })
    expect(listingSearchSchema.parse({ q: { x: 1 } }).q).toBeUndefined()
  })

  it('turns dollar bounds into cents for the API', () => {
    expect(toListFilters({ min: 10.5, max: 20 }, 'desks')).toMatchObject({ category: 'desks', minPrice: 1050, maxPrice: 2000, page: 1 })
  })
})

describe('a category listing’s canonical address', () => {
  const canonical = (query: Record<string, string>) => canonicalCategoryPath('desks', listingSearchSchema.parse(query))

  it('is the category itself for its first page', () => {
    expect(canonical({})).toBe('/categories/desks')
    expect(canonical({ page: '1' })).toBe('/categories/desks')
  })

  it('keeps a later page of the unfiltered listing', () => {
    expect(canonical({ page: '3' })).toBe('/categories/desks?page=3')
  })

  it.each<Record<string, string>>([{ q: 'oak' }, { min: '10' }, { max: '90' }, { inStock: 'on' }, { sort: 'price-asc' }, { sort: 'newest', page: '2' }, { min: '10', page: '4' }])(
    'is the unfiltered category for %j',
    (query) => {
      expect(canonical(query)).toBe('/categories/desks')
    },
  )
})
