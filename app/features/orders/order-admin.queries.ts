import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import { apiGet, withQuery } from '~/lib/api-client'
import { tierOptions } from '~/lib/cache-tiers'
import { adminOrderPageSchema, type AdminOrderFilters } from './order-admin.schemas'

/** Admin keys live under ['admin'], so signing out removes every one of them at once. */
export const adminOrderKeys = {
  all: ['admin', 'orders'] as const,
  lists: () => [...adminOrderKeys.all, 'list'] as const,
  list: (filters: AdminOrderFilters) => [...adminOrderKeys.lists(), filters] as const,
  cancel: () => [...adminOrderKeys.all, 'cancel'] as const,
}

export const adminOrderQueries = {
  /** A page of every browser's orders; the admin tier keeps it within seconds of the shop. */
  list: (filters: AdminOrderFilters) =>
    queryOptions({
      queryKey: adminOrderKeys.list(filters),
      queryFn: ({ signal }) => apiGet(withQuery('/api/admin/orders', filters), adminOrderPageSchema, { signal }),
      placeholderData: keepPreviousData,
      ...tierOptions('admin'),
    }),
}
