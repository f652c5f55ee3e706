import { queryOptions, type QueryClient } from '@tanstack/react-query'
import { apiGet } from '~/lib/api-client'
import { ApiError } from '~/lib/api-error'
import { tierOptions } from '~/lib/cache-tiers'
import { stockBatchSchema } from './catalog.schemas'

/**
 * A product's stock as this browser last saw it. `version` is null when the number came from a
 * listing, which carries stock but not the product's version; `observedAt` is when the request
 * that brought it went out (the answer is at least that fresh).
 */
export type StockSnapshot = { productId: number; stock: number; version: number | null; observedAt: number }

export const stockKeys = {
  all: ['stock'] as const,
  details: () => [...stockKeys.all, 'detail'] as const,
  detail: (productId: number) => [...stockKeys.details(), productId] as const,
  batches: () => [...stockKeys.all, 'batch'] as const,
  batch: (productIds: readonly number[]) => [...stockKeys.batches(), productIds] as const,
}

/** What a batch query keeps for itself: which of its products the last answer could not confirm. */
export type StockBatchResult = { missing: number[] }

/**
 * Of two snapshots of one product's stock, the one showing the later state: the higher version
 * when both are known (the current one when they are equal), else the later observation. A
 * listing's snapshot keeps a known version when it reports the same stock.
 */
export function newerSnapshot(current: StockSnapshot | undefined, incoming: StockSnapshot): StockSnapshot {
  if (!current) return incoming
  if (current.version !== null && incoming.version !== null) {
    // One version is one state of the row: the same version again (a change's own live event) is no news.
    return incoming.version > current.version ? incoming : current
  }
  if (incoming.observedAt < current.observedAt) return current
  if (incoming.version === null && current.stock === incoming.stock) return { ...incoming, version: current.version }
  return incoming
}

/** When each product's stock read still on its way went out, per client: a seed cancels only the reads its news may be newer than. */
const readsInFlight = new WeakMap<QueryClient, Map<number, number>>()

function readsOf(client: QueryClient) {
  let reads = readsInFlight.get(client)
  if (!reads) readsInFlight.set(client, (reads = new Map()))
  return reads
}

export const stockQueries = {
  detail: (productId: number) =>
    queryOptions({
      queryKey: stockKeys.detail(productId),
      queryFn: async ({ client, signal }): Promise<StockSnapshot> => {
        const observedAt = Date.now()
        const reads = readsOf(client)
        reads.set(productId, observedAt)
        try {
          const batch = await apiGet(`/api/stock?ids=${productId}`, stockBatchSchema, { signal })
          const level = batch.items.find((item) => item.productId === productId)
          if (!level) throw new ApiError(404, 'NOT_FOUND', `No product with id ${productId}`)
          return { ...level, observedAt }
        } finally {
          if (reads.get(productId) === observedAt) reads.delete(productId)
        }
      },
      ...tierOptions('volatile', { pushed: true, freshWhileLive: true }),
    }),
  /**
   * A listing's stock, refreshed in one request for all its products. The numbers are merged into
   * the per-product caches (which the cards read), so only a product whose stock changed
   * re-renders; the batch itself keeps only the ids the answer reported `missing`.
   */
  batch: (productIds: readonly number[]) =>
    queryOptions({
      queryKey: stockKeys.batch(productIds),
      queryFn: async ({ client, signal }): Promise<StockBatchResult> => {
        const observedAt = Date.now()
        const batch = await apiGet(`/api/stock?ids=${productIds.join(',')}`, stockBatchSchema, { signal })
        seedStockLevels(
          client,
          batch.items.map((item) => ({ ...item, observedAt })),
        )
        return { missing: batch.missing }
      },
      ...tierOptions('volatile', { pushed: true, freshWhileLive: true }),
    }),
}

/**
 * Writes stock numbers that arrived inside another answer into the per-product stock caches, where
 * they are newer than what the cache holds. A read of that product still on its way could land
 * after this news with an older number, so it is cancelled (the cache keeps the written snapshot,
 * and its `dataUpdatedAt` says when that was observed) when it went out before the news, or when
 * the news carries the product's version (a write's answer: the server may have read the stock
 * for that read before the write). A read sent after unversioned news is left to land: it is the
 * later observation.
 */
export function seedStockLevels(client: QueryClient, levels: StockSnapshot[]) {
  for (const level of levels) {
    const key = stockKeys.detail(level.productId)
    const current = client.getQueryData<StockSnapshot>(key)
    const chosen = newerSnapshot(current, level)
    if (chosen === current) continue
    const readSentAt = readsOf(client).get(level.productId)
    if (readSentAt !== undefined && (readSentAt < level.observedAt || level.version !== null)) void client.cancelQueries({ queryKey: key, exact: true })
    client.setQueryData<StockSnapshot>(key, chosen, { updatedAt: chosen.observedAt })
  }
}
