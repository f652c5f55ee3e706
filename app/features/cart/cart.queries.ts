import { queryOptions } from '@tanstack/react-query'
import { apiGet } from '~/lib/api-client'
import { tierOptions } from '~/lib/cache-tiers'
import { cartSchema } from './cart.schemas'

export const cartKeys = {
  all: ['cart'] as const,
  detail: () => [...cartKeys.all, 'detail'] as const,
}

export const cartQueries = {
  detail: () =>
    queryOptions({
      queryKey: cartKeys.detail(),
      queryFn: ({ signal }) => apiGet('/api/cart', cartSchema, { signal }),
      ...tierOptions('session'),
    }),
}
