import { queryOptions, type QueryClient, type QueryKey } from '@tanstack/react-query'
import { apiGet, withQuery } from '~/lib/api-client'
import { tierOptions } from '~/lib/cache-tiers'
import { categoryListSchema, productPageSchema, productSchema, type Product, type ProductListFilters } from './catalog.schemas'
import { seedStockLevels } from './stock.queries'

const defaultListFilters = { sort: 'relevance', page: 1, pageSize: 24 } as const satisfies ProductListFilters

/**
 * The one form of a listing's filters: defaults filled in, blanks dropped, search words in the
 * case the server matches them. Equal listings therefore share one cache entry and one request.
 */
export function normalizeListFilters(filters: Partial<ProductListFilters>): ProductListFilters {
  const normalized: ProductListFilters = { ...defaultListFilters }
  // Lower-casing can lengthen text ("İ" becomes two characters): cut to the API's 200 again.
  const q = filters.q?.trim().replace(/\s+/g, ' ').toLowerCase().slice(0, 200).trim()
  if (q) normalized.q = q
  if (filters.category) normalized.category = filters.category
  if (filters.minPrice !== undefined) normalized.minPrice = filters.minPrice
  if (filters.maxPrice !== undefined) normalized.maxPrice = filters.maxPrice
  if (filters.inStock) normalized.inStock = true
  if (filters.sort) normalized.sort = filters.sort
  // Without search words the server ranks "relevance" as newest first: one list, one key.
  if (!normalized.q && normalized.sort === 'relevance') normalized.sort = 'newest'
  if (filters.page) normalized.page = filters.page
  if (filters.pageSize) normalized.pageSize = filters.pageSize
  return normalized
}

/** Catalog query keys, general to specific: invalidating a prefix reaches everything below it. */
export const catalogKeys = {
  all: ['catalog'] as const,
  categories: () => [...catalogKeys.all, 'categories'] as const,
  lists: () => [...catalogKeys.all, 'list'] as const,
  list: (filters: Partial<ProductListFilters>) => [...catalogKeys.lists(), normalizeListFilters(filters)] as const,
  details: () => [...catalogKeys.all, 'detail'] as const,
  detail: (slug: string) => [...catalogKeys.details(), slug] as const,
}

/** The filters a cached listing's key was made from (catalogKeys.list): the factory owns the key's shape. */
export const listFiltersOf = (queryKey: QueryKey) => queryKey[2] as ProductListFilters

export const catalogQueries = {
  categories: () =>
    queryOptions({
      queryKey: catalogKeys.categories(),
      queryFn: ({ signal }) => apiGet('/api/categories', categoryListSchema, { signal }).then((data) => data.items),
      ...tierOptions('static'),
    }),

  list: (filters: Partial<ProductListFilters>) => {
    const normalized = normalizeListFilters(filters)
    return queryOptions({
      queryKey: catalogKeys.list(normalized),
      queryFn: async ({ client, signal }) => {
        const observedAt = Date.now()
        const page = await apiGet(withQuery('/api/products', normalized), productPageSchema, { signal })
        // A listing knows each product's stock: a product page opened from it shows stock at once.
        seedStockLevels(
          client,
          page.items.map((item) => ({ productId: item.id, stock: item.stock, version: null, observedAt })),
        )
        return page
      },
      ...tierOptions('listing'),
    })
  },

  detail: (slug: string) =>
    queryOptions({
      queryKey: catalogKeys.detail(slug),
      queryFn: async ({ client, signal }) => {
        const observedAt = Date.now()
        const product = await apiGet(`/api/products/${encodeURIComponent(slug)}`, productSchema, { signal })
        seedStockLevels(client, [{ productId: product.id, stock: product.stock, version: product.version, observedAt }])
        return product
      },
      ...tierOptions('catalog'),
    }),
}

/**
 * A product answered for a slug it no longer has (the API finds a renamed product by its old
 * slugs): the answer is kept under the slug it has now, where the page the redirect opens reads it,
 * and the old slug's entry is dropped, so it never holds a product under a slug that is not its own
 * (another product may take that slug later).
 */
export function keepUnderSlugNow(client: QueryClient, requestedSlug: string, product: Product) {
  client.setQueryData(catalogKeys.detail(product.slug), product)
  client.removeQueries({ queryKey: catalogKeys.detail(requestedSlug), exact: true })
}
