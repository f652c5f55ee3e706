import { noop, onlineManager, type QueryClient } from '@tanstack/react-query'
import { cascadeAfterQueuedCartChanges } from './cascade'
import { cartKeys } from './features/cart/cart.queries'

/** The product a queued cart change is about, read from its persisted variables (an add names a product, the others a productId). */
export function productIdOf(variables: unknown): number | undefined {
  const known = variables as { productId?: number; product?: { productId: number } } | undefined
  return known?.productId ?? known?.product?.productId
}

/** Cart changes not answered yet: paused for the network, queued behind another, or restored from disk. */
const unansweredCartChanges = (client: QueryClient) =>
  client.getMutationCache().findAll({ mutationKey: cartKeys.all, status: 'pending' })

/**
 * Sends the cart changes waiting for the network, in order (each line's changes share a scope and
 * run one after another), once the browser is online: after a reload restored them from disk, and
 * on every reconnect. `continue()` is safe on each: a change already running only carries on, and
 * a restored one runs once, from its persisted key and variables. Then the cart and the touched
 * products' stock are read again: a restored change has no page callbacks to write its answer,
 * and other shoppers bought while this one was offline.
 */
export async function sendQueuedCartChanges(client: QueryClient) {
  const queued = unansweredCartChanges(client)
  if (queued.length === 0 || !onlineManager.isOnline()) return
  const touched = [...new Set(queued.flatMap((mutation) => productIdOf(mutation.state.variables) ?? []))]
  await Promise.all(queued.map((mutation) => mutation.continue().catch(noop)))
  cascadeAfterQueuedCartChanges(client, touched)
}
