import { hashKey, MutationCache, type Mutation, type MutationKey, type QueryClient } from '@tanstack/react-query'
import { availableFromRefusal, describeCartFailure, productIdOf, productNameOf } from '~/features/cart/cart-messages'
import type { CartChangeVariables } from '~/features/cart/cart.mutations'
import { cartKeys } from '~/features/cart/cart.queries'
import type { Cart } from '~/features/cart/cart.schemas'
import { catalogAdminKeys } from '~/features/inventory/catalog-admin.queries'
import { conflictingCategory, conflictingProduct, type AdminCategory, type ProductChange } from '~/features/inventory/catalog-admin.answers'
import { conflictingRow } from '~/features/inventory/inventory.schemas'
import { inventoryKeys } from '~/features/inventory/inventory.queries'
import type { InventoryRow } from '~/features/inventory/inventory.schemas'
import { adminOrderKeys } from '~/features/orders/order-admin.queries'
import type { Cancellation } from '~/features/orders/order-admin.schemas'
import { archivedLinesOf, shortLinesOf } from '~/features/orders/orders.schemas'
import { orderKeys } from '~/features/orders/orders.queries'
import type { Order } from '~/features/orders/orders.schemas'
import { isApiError } from '~/lib/api-error'
import { naiveCachePolicy } from '~/lib/naive-cache-policy'
import { notifyError } from '~/lib/notices'
import {
  cascadeAfterAdminChange,
  cascadeAfterArchivedCartRefusal,
  cascadeAfterArchivedRefusal,
  cascadeAfterCartChange,
  cascadeAfterCatalogChange,
  cascadeAfterCategoryChange,
  cascadeAfterCheckout,
  cascadeAfterCheckoutRefusal,
  cascadeAfterEmptyCheckout,
  cascadeAfterOrderCancelled,
  cascadeAfterQueuedCartChange,
  cascadeAfterStockRefusal,
} from './cascade'
import { closeCascadeEntry, openCascadeEntry, type CascadeEntry } from './cascade-log'
import { releaseHeldCartEvent } from './event-cascade'
import { isRestoredChange } from './outbox-state'

/**
 * The cascade, dispatched from the MutationCache: for each mutation key, what its outcome means
 * for the caches of other domains. A feature declares its mutations (key, request, optimistic
 * write, rollback) and never imports this layer; every change, from any page or restored from
 * disk after a reload, passes through here. The MutationCache runs these callbacks before the
 * mutation's own, so a page's rollback sees the caches already told.
 *
 * Each outcome calls one function of cascade.ts. Events pushed by the server enter the same module
 * from the second table beside this one, event-cascade.ts (docs/cache-policy.md, "Cascade table").
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

/**
 * When each change's request last went out: when it started, or when it continued after waiting
 * (offline, behind its scope, or restored after a reload). Recorded by the MutationCache below.
 */
const sentAt = new WeakMap<AnyMutation, number>()

/** Its answer shows the server no earlier than when its request went out. */
const observedAt = (mutation: AnyMutation) => ({ observedAt: sentAt.get(mutation) ?? mutation.state.submittedAt })

/**
 * Changes restored from disk not answered yet, per MutationCache: counted as they are added, not
 * read from the cache when one settles (two answers in one tick would each still see the other
 * pending, and neither would be the last).
 */
const restoredInFlight = new WeakMap<MutationCache, number>()

/** A restored change was answered: true when it was the last of those restored so far. */
function settleRestoredChange(client: QueryClient) {
  const cache = client.getMutationCache()
  const left = Math.max(0, (restoredInFlight.get(cache) ?? 0) - 1)
  restoredInFlight.set(cache, left)
  return left === 0
}

const cartChanges = rule<Cart, CartChangeVariables>({
  keys: [cartKeys.addLine(), cartKeys.setLineQuantity(), cartKeys.removeLine()],
  // A change restored after a reload does not write its answer: see onSettled.
  onSuccess: (client, cart, variables, mutation) =>
    isRestoredChange(mutation) || cascadeAfterCartChange(client, { cart, productIds: [productIdOf(variables)], ...observedAt(mutation) }),
  onError: (client, error, variables, mutation) => {
    const available = availableFromRefusal(error)
    if (available !== undefined) cascadeAfterStockRefusal(client, { productId: productIdOf(variables), available, ...observedAt(mutation) })
    if (isApiError(error, 409) && error.code === 'PRODUCT_ARCHIVED') cascadeAfterArchivedCartRefusal(client, productIdOf(variables))
    // A change made on this page tells its own failure; a restored one has nobody on screen waiting for it.
    if (isRestoredChange(mutation)) {
      const productName = productNameOf(client, variables) ?? 'A product'
      notifyError(`A change you made offline was not applied. ${describeCartFailure(error, { productName })}`)
    }
  },
  onSettled: (client, variables, mutation) => {
    if (!isRestoredChange(mutation)) return
    cascadeAfterQueuedCartChange(client, { productId: productIdOf(variables), lastOfBatch: settleRestoredChange(client) })
  },
})

const checkout = rule<Order, unknown>({
  keys: [orderKeys.place()],
  onSuccess: (client, order) => cascadeAfterCheckout(client, order),
  onError: (client, error, _variables, mutation) => {
    const shortLines = shortLinesOf(error)
    if (shortLines) return cascadeAfterCheckoutRefusal(client, shortLines, observedAt(mutation))
    const archivedLines = archivedLinesOf(error)
    if (archivedLines) return cascadeAfterArchivedRefusal(client, archivedLines)
    if (isApiError(error, 400) && error.code === 'CART_EMPTY') cascadeAfterEmptyCheckout(client)
  },
})

// An admin's edit or restock, and the row a conflict brings back: each is the product as the server has it now.
const productChanges = rule<InventoryRow, unknown>({
  keys: [inventoryKeys.updateProduct(), inventoryKeys.restock()],
  onSuccess: (client, row, _variables, mutation) => {
    cascadeAfterAdminChange(client, row, observedAt(mutation))
    void client.invalidateQueries({ queryKey: inventoryKeys.movements(row.productId) })
  },
  onError: (client, error, _variables, mutation) => {
    const current = conflictingRow(error)
    if (current) cascadeAfterAdminChange(client, current, observedAt(mutation))
  },
})

const orderCancels = rule<Cancellation, unknown>({
  keys: [adminOrderKeys.cancel()],
  onSuccess: (client, cancellation, _variables, mutation) => cascadeAfterOrderCancelled(client, cancellation, observedAt(mutation)),
})

// A product created, edited, moved, archived or restored: the answer says where it is now and where it was.
const catalogChanges = rule<ProductChange, unknown>({
  keys: [catalogAdminKeys.createProduct(), catalogAdminKeys.editProduct(), catalogAdminKeys.archiveProduct()],
  onSuccess: (client, change, _variables, mutation) => cascadeAfterCatalogChange(client, change, observedAt(mutation)),
  onError: (client, error, _variables, mutation) => {
    // A conflict brings the product as it is now: news, in place (the change that moved it, if any, has its own event).
    const current = conflictingProduct(error)
    if (current) cascadeAfterCatalogChange(client, { product: current, previous: { slug: current.slug, categorySlug: current.category.slug, archived: current.archived } }, observedAt(mutation))
  },
})

const categoryChanges = rule<AdminCategory, unknown>({
  keys: [catalogAdminKeys.createCategory(), catalogAdminKeys.renameCategory()],
  onSuccess: (client, category) => cascadeAfterCategoryChange(client, category),
  onError: (client, error) => {
    const current = conflictingCategory(error)
    if (current) cascadeAfterCategoryChange(client, current)
  },
})

const rulesByKey = new Map([cartChanges, checkout, productChanges, orderCancels, catalogChanges, categoryChanges].flatMap((cascade) => cascade.keys.map((key) => [hashKey(key), cascade] as const)))

// The bench's naive build (app/lib/naive-cache-policy.ts): every change marks everything stale.
const invalidateEverything = rule({ keys: [], onSettled: (client) => client.invalidateQueries() })

const ruleFor = (mutation: AnyMutation) =>
  naiveCachePolicy ? invalidateEverything : mutation.options.mutationKey ? rulesByKey.get(hashKey(mutation.options.mutationKey)) : undefined

/**
 * Each answered mutation's entry in the cascade log (cascade-log.ts), open from its first cascade
 * callback until the mutation records its outcome, after its own callbacks have run: the entry
 * shows what the whole change wrote, the page's own writes included.
 */
const traces = new WeakMap<AnyMutation, { client: QueryClient; entry: CascadeEntry }>()

function trace(client: QueryClient, mutation: AnyMutation) {
  if (traces.has(mutation)) return
  const label = `mutation · ${(mutation.options.mutationKey ?? ['(no key)']).map(String).join(' › ')}`
  traces.set(mutation, { client, entry: openCascadeEntry(client, 'mutation', label) })
}

/**
 * Runs one rule. A rule that throws must not fail the change: the server applied it, and a failed
 * change would roll back on screen. Its error is reported instead.
 */
async function run(client: QueryClient, mutation: AnyMutation, cascade: (() => unknown) | undefined) {
  trace(client, mutation)
  try {
    await cascade?.()
  } catch (error) {
    console.error('The cascade failed after', mutation.options.mutationKey, error)
  }
}

/** The QueryClient's MutationCache, with the cascade wired into its callbacks. */
export function createCascadingMutationCache() {
  const cache = new MutationCache({
    onSuccess: (data, variables, _context, mutation, { client }) => {
      const cascade = ruleFor(mutation)?.onSuccess
      return run(client, mutation, cascade && (() => cascade(client, data, variables, mutation)))
    },
    onError: (error, variables, _context, mutation, { client }) => {
      const cascade = ruleFor(mutation)?.onError
      return run(client, mutation, cascade && (() => cascade(client, error, variables, mutation)))
    },
    onSettled: (_data, _error, variables, _context, mutation, { client }) => {
      const cascade = ruleFor(mutation)?.onSettled
      return run(client, mutation, cascade && (() => cascade(client, variables, mutation)))
    },
  })
  cache.subscribe((event) => {
    if (event.type === 'added' && isRestoredChange(event.mutation)) restoredInFlight.set(cache, (restoredInFlight.get(cache) ?? 0) + 1)
    if (event.type === 'updated' && (event.action.type === 'pending' || event.action.type === 'continue')) sentAt.set(event.mutation, Date.now())
    if (event.type === 'updated' && (event.action.type === 'success' || event.action.type === 'error')) {
      const traced = traces.get(event.mutation)
      if (!traced) return
      traces.delete(event.mutation)
      closeCascadeEntry(traced.client, traced.entry)
      // A cart event held back while this change was on its way may now be written.
      releaseHeldCartEvent(traced.client)
    }
  })
  return cache
}
