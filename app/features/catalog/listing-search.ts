import { z } from 'zod/mini'
import { sortOptions, type ProductListFilters } from './catalog.schemas'

// A listing's URL is typed by people and by a GET form without JavaScript: a bad value falls back
// to its default instead of failing the page.
const blankToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value)
// A parameter given twice arrives as a list: the first one counts.
const first = (value: unknown) => (Array.isArray(value) ? value[0] : value)

// zod/mini has no preprocess: a transform piped into the schema is what preprocess is. Typed as
// the schema itself (input, output, optional key), so the router's links may leave it out.
const preprocess = <T extends z.core.$ZodType>(fn: (value: unknown) => unknown, schema: T) =>
  z.pipe(z.transform(fn), schema) as unknown as T

const dollars = z.catch(preprocess((value) => blankToUndefined(first(value)), z.optional(z.coerce.number().check(z.nonnegative(), z.maximum(1_000_000)))), undefined)

const listingSearchFields = z.object({
  q: z.catch(preprocess((value) => (typeof first(value) === 'string' ? first(value) : undefined), z.optional(z.string().check(z.trim(), z.maxLength(200)))), undefined),
  min: dollars,
  max: dollars,
  // A checked checkbox submits "on"; the router writes `true`.
  inStock: preprocess((value) => ([true, 'true', 'on'].includes(first(value) as string) ? true : undefined), z.optional(z.literal(true))),
  sort: z.catch(z.optional(z.enum(sortOptions)), undefined),
  page: z.catch(preprocess((value) => blankToUndefined(first(value)), z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(1_000_000)))), undefined),
})

export const listingSearchSchema = z.pipe(
  listingSearchFields,
  z.transform((search: z.output<typeof listingSearchFields>): typeof search => {
    // A minimum above the maximum is a range typed backwards: read it the way it was meant.
    const swapped = search.min !== undefined && search.max !== undefined && search.min > search.max
    const range = swapped ? { min: search.max, max: search.min } : { min: search.min, max: search.max }
    // "Best match" needs search words; without them the listing is newest first (the default).
    const sort = search.sort === 'relevance' && !search.q ? undefined : search.sort
    return { ...search, ...range, sort }
  }),
)

export type ListingSearch = z.infer<typeof listingSearchSchema>

export const LISTING_PAGE_SIZE = 24

/** The API filters a listing page asks for: dollars in the URL become cents. */
export function toListFilters(search: ListingSearch, category?: string): Partial<ProductListFilters> {
  return {
    q: search.q || undefined,
    category,
    minPrice: search.min === undefined ? undefined : Math.round(search.min * 100),
    maxPrice: search.max === undefined ? undefined : Math.round(search.max * 100),
    inStock: search.inStock,
    sort: search.sort,
    page: search.page ?? 1,
    pageSize: LISTING_PAGE_SIZE,
  }
}

/**
 * The address search engines should index for a category's listing (its canonical link). A filter
 * or a sort shows the category's own products, picked or ordered: it points at the unfiltered
 * category, so one address collects the links. A later page of the unfiltered listing shows
 * other products, so it keeps its page (search engines index each page of a series on its own).
 */
export function canonicalCategoryPath(slug: string, search: ListingSearch) {
  const filtered = search.q !== undefined || search.min !== undefined || search.max !== undefined || search.inStock !== undefined || search.sort !== undefined
  return !filtered && search.page !== undefined && search.page > 1 ? `/categories/${slug}?page=${search.page}` : `/categories/${slug}`
}
