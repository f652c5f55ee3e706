import type { QueryClient } from '@tanstack/react-query'
import { inventoryKeys, type InventoryData } from './inventory.queries'
import type { InventoryRow } from './inventory.schemas'

/** A product's row as the first cached inventory list that holds it shows it. */
export function findInventoryRow(client: QueryClient, productId: number) {
  for (const [, data] of client.getQueriesData<InventoryData>({ queryKey: inventoryKeys.lists() })) {
    const row = data?.pages.flatMap((page) => page.items).find((item) => item.productId === productId)
    if (row) return row
  }
  return undefined
}

/** Whether a cached inventory list holds a row of one of these products. */
export const inventoryListHolds = (data: InventoryData | undefined, productIds: ReadonlySet<number>) =>
  data?.pages.some((page) => page.items.some((item) => productIds.has(item.productId))) ?? false

/**
 * Cancels the inventory list reads in flight that would bring back this product's old row: only
 * lists that already hold it (a list still loading its first page has nothing to overwrite, and a
 * route waiting for it must not see it cancelled).
 */
export function cancelListReadsHolding(client: QueryClient, productId: number) {
  const held = new Set([productId])
  return client.cancelQueries({ queryKey: inventoryKeys.lists(), predicate: (query) => inventoryListHolds(query.state.data as InventoryData | undefined, held) })
}

/**
 * Replaces one product's row wherever an inventory list holds it; every other row keeps its
 * object. A row already at a newer version (a restock that landed meanwhile) is not replaced.
 */
export function writeInventoryRow(client: QueryClient, row: InventoryRow) {
  // An updater that returns undefined leaves its list alone: lists without the row are not touched.
  client.setQueriesData<InventoryData | undefined>({ queryKey: inventoryKeys.lists() }, (data) => {
    const held = data?.pages.flatMap((page) => page.items).find((item) => item.productId === row.productId)
    if (!data || !held || held.version > row.version) return undefined
    return {
      ...data,
      pages: data.pages.map((page) =>
        page.items.some((item) => item.productId === row.productId)
          ? { ...page, items: page.items.map((item) => (item.productId === row.productId ? row : item)) }
          : page,
      ),
    }
  })
}
