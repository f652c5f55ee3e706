import { queryOptions, type QueryClient } from '@tanstack/react-query'
import { apiGet } from '~/lib/api-client'
import { ApiError } from '~/lib/api-error'
import { tierOptions } from '~/lib/cache-tiers'
import { stockBatchSchema } from './catalog.schemas'

/**
 * A product's stock as this browser last saw it. `version` is null when the number came from a
 * listing, which carries stock but not the product's version.
 */
export type StockSnapshot = { productId: number; stock: number; version: number | null }

export const stockKeys = {
  all: ['stock'] as const,
  details: () => [...stockKeys.all, 'detail'] as const,
  detail: (productId: number) => [...stockKeys.details(), productId] as const,
}

export const stockQueries = {
  detail: (productId: number) =>
    queryOptions({
      queryKey: stockKeys.detail(productId),
      queryFn: async ({ signal }): Promise<StockSnapshot> => {
        const batch = await apiGet(`/api/stock?ids=${productId}`, stockBatchSchema, { signal })
        const level = batch.items.find((item) => item.productId === productId)
        if (!level) throw new ApiError(404, 'NOT_FOUND', `No product with id ${productId}`)
        return level
      },
      ...tierOptions('volatile'),
    }),
}

/**
 * Writes stock numbers that arrived inside another answer into the per-product stock caches,
 * stamped with `requestedAt`: the answer is at least that fresh, and an entry written after its
 * request went out may be newer, so it is left alone.
 */
export function seedStockLevels(client: QueryClient, levels: StockSnapshot[], requestedAt: number) {
  for (const level of levels) {
    const { queryKey } = stockQueries.detail(level.productId)
    const state = client.getQueryState(queryKey)
    if (state && state.dataUpdatedAt >= requestedAt) continue
    const previous = state?.data
    const version = level.version ?? (previous?.stock === level.stock ? previous.version : null)
    client.setQueryData(queryKey, { ...level, version }, { updatedAt: requestedAt })
  }
}
