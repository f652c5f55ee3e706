import { queryOptions } from '@tanstack/react-query'
import { apiGet, withQuery } from '~/lib/api-client'
import { tierOptions } from '~/lib/cache-tiers'
import { categoryListSchema, productPageSchema, productSchema, type ProductListFilters } from './catalog.schemas'
import { seedStockLevels } from './stock.queries'

/** Catalog query keys, general to specific: invalidating a prefix reaches everything below it. */
export const catalogKeys = {
  all: ['catalog'] as const,
  categories: () => [...catalogKeys.all, 'categories'] as const,
  lists: () => [...catalogKeys.all, 'list'] as const,
  list: (filters: ProductListFilters) => [...catalogKeys.lists(), filters] as const,
  details: () => [...catalogKeys.all, 'detail'] as const,
  detail: (slug: string) => [...catalogKeys.details(), slug] as const,
}

export const defaultListFilters = { sort: 'relevance', page: 1, pageSize: 24 } as const satisfies ProductListFilters

/** Fills in defaults and drops empty values, so equal listings always share one cache entry. */
export function normalizeListFilters(filters: Partial<ProductListFilters>): ProductListFilters {
  const normalized: ProductListFilters = { ...defaultListFilters }
  if (filters.q?.trim()) normalized.q = filters.q.trim()
  if (filters.category) normalized.category = filters.category
  if (filters.minPrice !== undefined) normalized.minPrice = filters.minPrice
  if (filters.maxPrice !== undefined) normalized.maxPrice = filters.maxPrice
  if (filters.inStock) normalized.inStock = true
  if (filters.sort) normalized.sort = filters.sort
  if (filters.page) normalized.page = filters.page
  if (filters.pageSize) normalized.pageSize = filters.pageSize
  return normalized
}

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
        const page = await apiGet(withQuery('/api/products', normalized), productPageSchema, { signal })
        // A listing knows each product's stock: a product page opened from it shows stock at once.
        seedStockLevels(
          client,
          page.items.map((item) => ({ productId: item.id, stock: item.stock, version: null })),
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
        const product = await apiGet(`/api/products/${encodeURIComponent(slug)}`, productSchema, { signal })
        seedStockLevels(client, [{ productId: product.id, stock: product.stock, version: product.version }])
        return product
      },
      ...tierOptions('catalog'),
    }),
}
