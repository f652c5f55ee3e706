import { queryOptions } from '@tanstack/react-query'
import { apiGet } from '~/lib/api-client'
import { tierOptions } from '~/lib/cache-tiers'
import { holdBackCartRead } from './cart-sync'
import { cartSchema, type Cart } from './cart.schemas'

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
      // A read that lands while this browser's own changes are unconfirmed may predate them.
      queryFn: async ({ client, signal }) => {
        const answer = await apiGet('/api/cart', cartSchema, { signal })
        return holdBackCartRead(client, answer, client.getQueryData<Cart>(cartKeys.detail()))
      },
      ...tierOptions('session'),
    }),
}
