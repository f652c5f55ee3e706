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

  it('keeps a numeric-looking search as text', () => {
    expect(listingSearchSchema.parse({ q: 123 }).q).toBe('123')
  })

  it('turns dollar bounds into cents for the API', () => {
    expect(toListFilters({ min: 10.5, max: 20 }, 'desks')).toMatchObject({ category: 'desks', minPrice: 1050, maxPrice: 2000, page: 1 })
  })
})
