import { hashKey, MutationCache, type Mutation, type MutationKey, type QueryClient } from '@tanstack/react-query'
import { availableFromRefusal, describeCartFailure } from '~/features/cart/cart-messages'
import type { CartChangeVariables } from '~/features/cart/cart.mutations'
import { cartKeys } from '~/features/cart/cart.queries'
import type { Cart } from '~/features/cart/cart.schemas'
import { conflictingRow } from '~/features/inventory/inventory.mutations'
import { inventoryKeys } from '~/features/inventory/inventory.queries'
import type { InventoryRow } from '~/features/inventory/inventory.schemas'
import { adminOrderKeys } from '~/features/orders/order-admin.queries'
import type { Cancellation } from '~/features/orders/order-admin.schemas'
import { shortLinesOf } from '~/features/orders/checkout.mutations'
import { orderKeys } from '~/features/orders/orders.queries'
import type { Order } from '~/features/orders/orders.schemas'
import { isApiError } from '~/lib/api-error'
import { notifyError } from '~/lib/notices'
import {
  cascadeAfterAdminChange,
  cascadeAfterCartChange,
  cascadeAfterCheckout,
  cascadeAfterCheckoutRefusal,
  cascadeAfterEmptyCheckout,
  cascadeAfterOrderCancelled,
  cascadeAfterQueuedCartChange,
  cascadeAfterStockRefusal,
} from './cascade'
import { isRestoredChange } from './mutation-outbox'
import { productIdOf, productNameOf } from './offline-sync'

/**
 * The cascade, dispatched from the MutationCache: for each mutation key, what its outcome means
 * for the caches of other domains. A feature declares its mutations (key, request, optimistic
 * write, rollback) and never imports this layer; every change, from any page or restored from
 * disk after a reload, passes through here. The MutationCache runs these callbacks before the
 * mutation's own, so a page's rollback sees the caches already told.
 *
 * Each outcome calls one function of cascade.ts. Events pushed by the server are meant to enter
 * the same functions from a second table beside this one (docs/cache-policy.md, "Cascade table").
 */

type AnyMutation = Mutation<unknown, unknown, unknown, unknown>

type CascadeRule<TData, TVariables> = {
  keys: readonly MutationKey[]
  onSuccess?: (client: QueryClient, data: TData, variables: TVariables, mutation: AnyMutation) => unknown
  onError?: (client: QueryClient, error: unknown, variables: TVariables, mutation: AnyMutation) => unknown
  onSettled?: (client: QueryClient, variables: TVariables, mutation: AnyMutation) => unknown
}

/** Types one rule by its mutations' answer and variables (the key decides which they are). */
const rule = <TData, TVariables>(cascade: CascadeRule<TData, TVariables>) => cascade as CascadeRule<unknown, unknown>

/** When the change was made: its answer shows the server no earlier than that. */
const observedAt = (mutation: AnyMutation) => ({ observedAt: mutation.state.submittedAt })

const cartChanges = rule<Cart, CartChangeVariables>({
  keys: [cartKeys.addLine(), cartKeys.setLineQuantity(), cartKeys.removeLine()],
  // A change restored after a reload does not write its answer: see onSettled.
  onSuccess: (client, cart, variables, mutation) =>
    isRestoredChange(mutation) || cascadeAfterCartChange(client, { cart, productIds: [productIdOf(variables)], ...observedAt(mutation) }),
  onError: (client, error, variables, mutation) => {
    const available = availableFromRefusal(error)
    if (available !== undefined) cascadeAfterStockRefusal(client, { productId: productIdOf(variables), available, ...observedAt(mutation) })
    // A change made on this page tells its own failure; a restored one has nobody on screen waiting for it.
    if (isRestoredChange(mutation)) {
      const productName = productNameOf(client, variables) ?? 'A product'
      notifyError(`A change you made offline was not applied. ${describeCartFailure(error, { productName })}`)
    }
  },
  onSettled: (client, variables, mutation) => {
    if (!isRestoredChange(mutation)) return
    // Counted while this one is still pending: the last of the batch reads the cart again.
    const restoredLeft = client.getMutationCache().findAll({ mutationKey: cartKeys.all, status: 'pending', predicate: isRestoredChange }).length
    cascadeAfterQueuedCartChange(client, { productId: productIdOf(variables), lastOfBatch: restoredLeft <= 1 })
  },
})

const checkout = rule<Order, unknown>({
  keys: [orderKeys.place()],
  onSuccess: (client, order) => cascadeAfterCheckout(client, order),
  onError: (client, error, _variables, mutation) => {
    const shortLines = shortLinesOf(error)
    if (shortLines) return cascadeAfterCheckoutRefusal(client, shortLines, observedAt(mutation))
    if (isApiError(error, 400) && error.code === 'CART_EMPTY') cascadeAfterEmptyCheckout(client)
  },
})

/**
 * An admin's edit or restock, and the row a conflict brings back: each is the product as the
 * server has it now. A grid refetch that started during the save read the old row, so it is
 * cancelled before the row is written.
 */
async function writeAdminRow(client: QueryClient, row: InventoryRow, mutation: AnyMutation) {
  await client.cancelQueries({ queryKey: inventoryKeys.lists() })
  cascadeAfterAdminChange(client, row, observedAt(mutation))
}

const productChanges = rule<InventoryRow, unknown>({
  keys: [inventoryKeys.updateProduct(), inventoryKeys.restock()],
  onSuccess: async (client, row, _variables, mutation) => {
    await writeAdminRow(client, row, mutation)
    void client.invalidateQueries({ queryKey: inventoryKeys.movements(row.productId) })
  },
  onError: async (client, error, _variables, mutation) => {
    const current = conflictingRow(error)
    if (current) await writeAdminRow(client, current, mutation)
  },
})

const orderCancels = rule<Cancellation, unknown>({
  keys: [adminOrderKeys.cancel()],
  onSuccess: (client, cancellation, _variables, mutation) => cascadeAfterOrderCancelled(client, cancellation, observedAt(mutation)),
})

const rulesByKey = new Map([cartChanges, checkout, productChanges, orderCancels].flatMap((cascade) => cascade.keys.map((key) => [hashKey(key), cascade] as const)))

const ruleFor = (mutation: AnyMutation) => (mutation.options.mutationKey ? rulesByKey.get(hashKey(mutation.options.mutationKey)) : undefined)

/** The QueryClient's MutationCache, with the cascade wired into its callbacks. */
export function createCascadingMutationCache() {
  return new MutationCache({
    onSuccess: (data, variables, _context, mutation, { client }) => ruleFor(mutation)?.onSuccess?.(client, data, variables, mutation),
    onError: (error, variables, _context, mutation, { client }) => ruleFor(mutation)?.onError?.(client, error, variables, mutation),
    onSettled: (_data, _error, variables, _context, mutation, { client }) => ruleFor(mutation)?.onSettled?.(client, variables, mutation),
  })
}
