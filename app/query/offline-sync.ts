import type { QueryClient } from '@tanstack/react-query'
import { cartChangeKind } from '~/features/cart/cart.queries'
import { addCartLineInputSchema, setCartLineInputSchema } from '~/features/cart/cart.schemas'
import { adoptOrphanedChanges, type OutboxOptions } from './mutation-outbox'
import { PERSIST_MAX_AGE_MS } from './offline-persistence'

/** Whether a cart change read back from disk still fits what this build sends. */
const isSendableCartChange: OutboxOptions['isSendable'] = ({ mutationKey, state }) => {
  const variables = state.variables as { product?: { productId?: unknown }; quantity?: unknown; idempotencyKey?: unknown; productId?: unknown } | undefined
  const kind = cartChangeKind(mutationKey)
  if (kind === 'add-line') {
    return typeof variables?.idempotencyKey === 'string' && addCartLineInputSchema.safeParse({ productId: variables.product?.productId, quantity: variables.quantity }).success
  }
  if (kind === 'set-line-quantity') return typeof variables?.productId === 'number' && setCartLineInputSchema.safeParse({ quantity: variables.quantity }).success
  if (kind === 'remove-line') return typeof variables?.productId === 'number'
  return false
}

/**
 * After the cache is restored, on reconnect and on focus: take over the changes of tabs that
 * closed before sending them. They come back paused, and the client's own driver sends them
 * (`resumePausedMutations`, which Query also runs on every reconnect and focus); what their
 * answers mean for the caches, and a refusal's notice, come from the cascade
 * (mutation-cascade.ts), as for changes made on this page.
 */
export async function adoptQueuedCartChanges(client: QueryClient) {
  const adopted = await adoptOrphanedChanges(client, { isSendable: isSendableCartChange, maxAgeMs: PERSIST_MAX_AGE_MS })
  if (adopted > 0) await client.resumePausedMutations()
}
