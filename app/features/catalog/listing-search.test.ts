import { describe, expect, it } from 'vitest'
import { listingSearchSchema, toListFilters } from './listing-search'

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
