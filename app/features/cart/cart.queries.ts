import { queryOptions } from '@tanstack/react-query'
import { apiGet } from '~/lib/api-client'
import { tierOptions } from '~/lib/cache-tiers'
import { cartSchema } from './cart.schemas'

/** Cart query and mutation keys. They share the prefix, so `isMutating({ mutationKey: cartKeys.all })` counts every cart change. */
export const cartKeys = {
  all: ['cart'] as const,
  detail: () => [...cartKeys.all, 'detail'] as const,
  addLine: () => [...cartKeys.all, 'add-line'] as const,
  setLineQuantity: () => [...cartKeys.all, 'set-line-quantity'] as const,
  removeLine: () => [...cartKeys.all, 'remove-line'] as const,
}

export const cartQueries = {
  detail: () =>
    queryOptions({
      queryKey: cartKeys.detail(),
      queryFn: ({ signal }) => apiGet('/api/cart', cartSchema, { signal }),
      ...tierOptions('session'),
    }),
}
