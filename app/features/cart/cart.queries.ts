import { hashKey, queryOptions, type DataTag, type MutationKey } from '@tanstack/react-query'
import { apiGet } from '~/lib/api-client'
import { tierOptions } from '~/lib/cache-tiers'
import { cartSchema, type Cart } from './cart.schemas'

/**
 * Cart query and mutation keys. They share the prefix, so `isMutating({ mutationKey: cartKeys.all })`
 * counts every cart change. The cart's key carries its data type, so it is the one spelling for
 * filters and for `getQueryData`/`setQueryData` alike.
 */
export const cartKeys = {
  all: ['cart'] as const,
  detail: () => [...cartKeys.all, 'detail'] as const as DataTag<readonly ['cart', 'detail'], Cart>,
  addLine: () => [...cartKeys.all, 'add-line'] as const,
  setLineQuantity: () => [...cartKeys.all, 'set-line-quantity'] as const,
  removeLine: () => [...cartKeys.all, 'remove-line'] as const,
}

const changeKinds = new Map([
  [hashKey(cartKeys.addLine()), 'add-line'],
  [hashKey(cartKeys.setLineQuantity()), 'set-line-quantity'],
  [hashKey(cartKeys.removeLine()), 'remove-line'],
] as const)

/** Which cart change a mutation key names, for code that reads changes back (the outbox, the offline banner). */
export const cartChangeKind = (mutationKey: MutationKey | undefined) => (mutationKey ? changeKinds.get(hashKey(mutationKey)) : undefined)

export const cartQueries = {
  detail: () =>
    queryOptions({
      queryKey: cartKeys.detail(),
      // A read that starts while this browser's own changes are unconfirmed is cancelled (cart-sync.ts).
      queryFn: ({ signal }) => apiGet('/api/cart', cartSchema, { signal }),
      // Pushed: each change reaches this browser as a `cart` event while its stream carries the cart.
      ...tierOptions('session', { freshWhileCartLive: true }),
    }),
}
