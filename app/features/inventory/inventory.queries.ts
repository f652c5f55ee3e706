import { infiniteQueryOptions, queryOptions, type InfiniteData } from '@tanstack/react-query'
import { apiGet, withQuery } from '~/lib/api-client'
import { tierOptions } from '~/lib/cache-tiers'
import { inventoryPageSchema, stockMovementPageSchema, type InventoryFilters, type InventoryPage } from './inventory.schemas'

/** Rows per request as the grid scrolls: big enough that a fast scroll waits rarely, small enough to parse at once. */
export const INVENTORY_PAGE_SIZE = 200

export type InventoryListFilters = Omit<InventoryFilters, 'page' | 'pageSize'>
export type InventoryData = InfiniteData<InventoryPage, number>

/** Admin keys live under ['admin'], so signing out removes every one of them at once. */
export const inventoryKeys = {
  all: ['admin', 'inventory'] as const,
  lists: () => [...inventoryKeys.all, 'list'] as const,
  list: (filters: InventoryListFilters) => [...inventoryKeys.lists(), filters] as const,
  movements: (productId: number) => [...inventoryKeys.all, 'movements', productId] as const,
  updateProduct: () => [...inventoryKeys.all, 'update-product'] as const,
  restock: () => [...inventoryKeys.all, 'restock'] as const,
}

export const inventoryQueries = {
  /** Every matching row, a page at a time; live inventory events rewrite its rows, and while they are down the admin tier refetches the loaded pages every 15 s. */
  list: (filters: InventoryListFilters) =>
    infiniteQueryOptions({
      queryKey: inventoryKeys.list(filters),
      queryFn: ({ pageParam, signal }) =>
        apiGet(withQuery('/api/admin/inventory', { ...filters, page: pageParam, pageSize: INVENTORY_PAGE_SIZE }), inventoryPageSchema, { signal }),
      initialPageParam: 1,
      getNextPageParam: (last, pages) => (pages.length * INVENTORY_PAGE_SIZE < last.total ? last.page + 1 : undefined),
      // Live inventory events rewrite its rows as they change.
      ...tierOptions('admin', { pushed: true }),
    }),

  movements: (productId: number) =>
    queryOptions({
      queryKey: inventoryKeys.movements(productId),
      queryFn: ({ signal }) => apiGet(withQuery('/api/admin/stock-movements', { productId, pageSize: 50 }), stockMovementPageSchema, { signal }),
      ...tierOptions('admin'),
    }),
}
