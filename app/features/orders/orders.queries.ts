import { queryOptions } from '@tanstack/react-query'
import { apiGet } from '~/lib/api-client'
import { tierOptions } from '~/lib/cache-tiers'
import { orderListSchema, orderSchema } from './orders.schemas'

/** Order query and mutation keys, general → specific; `orderKeys.all` reaches every order query. */
export const orderKeys = {
  all: ['orders'] as const,
  list: () => [...orderKeys.all, 'list'] as const,
  details: () => [...orderKeys.all, 'detail'] as const,
  detail: (orderId: string) => [...orderKeys.details(), orderId] as const,
  place: () => [...orderKeys.all, 'place'] as const,
}

export const orderQueries = {
  list: () =>
    queryOptions({
      queryKey: orderKeys.list(),
      queryFn: ({ signal }) => apiGet('/api/orders', orderListSchema, { signal }),
      ...tierOptions('session'),
    }),
  detail: (orderId: string) =>
    queryOptions({
      queryKey: orderKeys.detail(orderId),
      queryFn: ({ signal }) => apiGet(`/api/orders/${encodeURIComponent(orderId)}`, orderSchema, { signal }),
      ...tierOptions('session'),
    }),
}
