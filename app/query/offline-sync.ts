import { onlineManager, type QueryClient } from '@tanstack/react-query'
import { cascadeAfterQueuedCartChanges } from './cascade'
import { describeCartFailure } from '~/features/cart/cart-messages'
import { cartKeys, cartQueries } from '~/features/cart/cart.queries'
import { addCartLineInputSchema, setCartLineInputSchema } from '~/features/cart/cart.schemas'
import { adoptOrphanedChanges, isRestoredChange, type OutboxOptions } from './mutation-outbox'
import { notifyError } from '~/lib/notices'
import { PERSIST_MAX_AGE_MS } from './offline-persistence'

/** The product a queued cart change is about, read from its variables (an add names a product, the others a productId). */
function productIdOf(variables: unknown): number | undefined {
  const known = variables as { productId?: number; product?: { productId: number } } | undefined
  return known?.productId ?? known?.product?.productId
}

/** Whether a cart change read back from disk still fits what this build sends. */
const isSendableCartChange: OutboxOptions['isSendable'] = ({ mutationKey, state }) => {
  const variables = state.variables as { product?: { productId?: unknown }; quantity?: unknown; idempotencyKey?: unknown; productId?: unknown } | undefined
  const kind = mutationKey?.[1]
  if (kind === cartKeys.addLine()[1]) {
    return typeof variables?.idempotencyKey === 'string' && addCartLineInputSchema.safeParse({ productId: variables.product?.productId, quantity: variables.quantity }).success
  }
  if (kind === cartKeys.setLineQuantity()[1]) return typeof variables?.productId === 'number' && setCartLineInputSchema.safeParse({ quantity: variables.quantity }).success
  if (kind === cartKeys.removeLine()[1]) return typeof variables?.productId === 'number'
  return false
}

/** After the cache is restored: take over the changes of tabs that closed before sending them, then send. */
export async function adoptQueuedCartChanges(client: QueryClient) {
  await adoptOrphanedChanges(client, { isSendable: isSendableCartChange, maxAgeMs: PERSIST_MAX_AGE_MS })
  await sendQueuedCartChanges(client)
}

/** A queued change's product name: from the change itself, or from the cart on screen; undefined if neither knows. */
export function productNameOf(client: QueryClient, variables: unknown): string | undefined {
  const known = variables as { product?: { name?: string }; productName?: string } | undefined
  const productId = productIdOf(variables)
  return known?.productName ?? known?.product?.name ?? client.getQueryData(cartQueries.detail().queryKey)?.lines.find((line) => line.productId === productId)?.name
}

/**
 * Sends the cart changes waiting for the network, once the browser is online: on every reconnect,
 * and after changes were adopted from a closed tab. Each line's changes share a scope, so they go
 * in the order they were made. `continue()` is safe on each: a change already running only carries
 * on, and an adopted one runs once, from its saved key and variables.
 *
 * Changes made on this page write their own answers (their callbacks are here). Adopted ones have
 * none: after them the cart and the touched products' stock are read again, and a refusal is
 * told to the shopper, since nobody on screen is waiting for it.
 */
export async function sendQueuedCartChanges(client: QueryClient) {
  if (!onlineManager.isOnline()) return
  const queued = client.getMutationCache().findAll({ mutationKey: cartKeys.all, status: 'pending' })
  if (queued.length === 0) return
  const restored = queued.filter(isRestoredChange)
  const results = await Promise.allSettled(queued.map((mutation) => mutation.continue()))
  results.forEach((result, index) => {
    const mutation = queued[index]
    if (result.status === 'fulfilled' || !mutation || !isRestoredChange(mutation)) return
    const productName = productNameOf(client, mutation.state.variables) ?? 'A product'
    notifyError(`A change you made offline was not applied. ${describeCartFailure(result.reason, { productName })}`)
  })
  if (restored.length > 0) cascadeAfterQueuedCartChanges(client, [...new Set(restored.flatMap((mutation) => productIdOf(mutation.state.variables) ?? []))])
}
