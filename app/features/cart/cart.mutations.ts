import { noop, useMutation, useQuery, type MutationFunctionContext, type QueryClient } from '@tanstack/react-query'
import type { $ZodError } from 'zod/v4/core'
import { apiSend } from '~/lib/api-client'
import { newIdempotencyKey } from '~/lib/idempotency'
import type { ApiError, NetworkError } from '~/lib/api-error'
import { notifyError } from '~/lib/notices'
import { retryDelay, shouldRetryReplaySafeWrite } from '~/lib/retry-policy'
import { availableFromRefusal, describeCartFailure } from './cart-messages'
import {
  beginCartChange,
  cartExists,
  clearUnsentCartChange,
  confirmCartLine,
  confirmedCartLine,
  holdBackCancelledCartRead,
  lineHasLaterChanges,
  markUnsentCartChange,
  settleCartChange,
} from './cart-sync'
import { findLine, withLineQuantity, withLineRestored, type CartProductPreview } from './cart.optimistic'
import { cartKeys, cartQueries } from './cart.queries'
import { cartSchema, emptyCart, type Cart, type CartLine } from './cart.schemas'

export type CartChangeError = ApiError | NetworkError | $ZodError

export type AddToCartVariables = { product: CartProductPreview; quantity: number; idempotencyKey: string }
// The product's name travels with a change (not sent): a change waiting offline, or read back from
// disk after the line left the screen, must still be named in the banner and in notices.
export type SetCartLineQuantityVariables = { productId: number; quantity: number; productName?: string }
export type RemoveCartLineVariables = { productId: number; productName?: string }
export type CartChangeVariables = AddToCartVariables | SetCartLineQuantityVariables | RemoveCartLineVariables

/** What a change's callbacks need: which line, and its name for messages. */
export type CartChangeContext = { productId: number; productName: string }

export const addToCartVariables = (product: CartProductPreview, quantity: number): AddToCartVariables => ({
  product,
  quantity,
  idempotencyKey: newIdempotencyKey(),
})

/** The requests behind the three cart changes; only the product and the quantity are sent. */
const cartRequests = {
  addLine: ({ product, quantity, idempotencyKey }: AddToCartVariables) =>
    apiSend('POST', '/api/cart/lines', cartSchema, { body: { productId: product.productId, quantity }, idempotencyKey }),
  setLineQuantity: ({ productId, quantity }: SetCartLineQuantityVariables) => apiSend('PUT', `/api/cart/lines/${productId}`, cartSchema, { body: { quantity } }),
  removeLine: ({ productId }: RemoveCartLineVariables) => apiSend('DELETE', `/api/cart/lines/${productId}`, cartSchema),
}

/**
 * The cart requests, registered as mutation defaults under their stable keys. A change kept in the
 * outbox is saved as its key and variables only; adopted after a reload, it finds its request
 * here. Each is safe to replay: the add carries its Idempotency-Key in its variables, the PUT is
 * absolute, the DELETE removes what may be gone.
 */
export function registerCartMutationDefaults(client: QueryClient) {
  const replaySafe = { retry: shouldRetryReplaySafeWrite, retryDelay }
  client.setMutationDefaults(cartKeys.addLine(), { ...replaySafe, mutationFn: cartRequests.addLine })
  client.setMutationDefaults(cartKeys.setLineQuantity(), { ...replaySafe, mutationFn: cartRequests.setLineQuantity })
  client.setMutationDefaults(cartKeys.removeLine(), { ...replaySafe, mutationFn: cartRequests.removeLine })
}

/**
 * The optimistic write every cart change makes. It is counted as unconfirmed before anything else
 * (synchronously), cancels cart fetches in flight (one landing after this write would put the old
 * cart back), and writes the cart with the change applied.
 */
async function writeOptimistic(
  client: QueryClient,
  productId: number,
  change: (cart: Cart, line: CartLine | undefined) => Cart,
  fallbackName = 'This product',
): Promise<CartChangeContext> {
  beginCartChange(client, productId, client.getQueryData(cartKeys.detail()))
  try {
    await client.cancelQueries({ queryKey: cartKeys.detail() })
    const cart = client.getQueryData(cartKeys.detail()) ?? emptyCart
    const line = findLine(cart, productId)
    client.setQueryData(cartKeys.detail(), change(cart, line))
    return { productId, productName: line?.name ?? fallbackName }
  } catch (error) {
    // Without a context the other callbacks do nothing: uncount the change here, or every later
    // answer would be held back for good.
    if (settleCartChange(client, productId, { failed: true }) !== 'wait') reconcileCart(client, undefined)
    throw error
  }
}

/**
 * The last unconfirmed cart change settled. With its answer (nothing was held back, it
 * succeeded): write it, and no request goes out. Without: refetch the cart once (`active`).
 */
function reconcileCart(client: QueryClient, answer: Cart | undefined) {
  if (!answer) return void client.invalidateQueries({ queryKey: cartKeys.detail() })
  // A cart read still on its way started before this answer and may predate it.
  void client.cancelQueries({ queryKey: cartKeys.detail() })
  client.setQueryData(cartKeys.detail(), answer)
}

/**
 * Callbacks shared by the three cart changes made on this page: confirm the line on success, roll
 * back and explain on failure, reconcile last. The request and its retry policy come from the
 * defaults; what the answer means for stock and listings, from the cascade.
 */
const cartChangeCallbacks = {
  onSuccess: (cart: Cart, _variables: unknown, context: CartChangeContext, { client }: MutationFunctionContext) => confirmCartLine(client, context.productId, cart),
  onError: (error: CartChangeError, _variables: unknown, context: CartChangeContext | undefined, { client }: MutationFunctionContext) => {
    if (!context) return
    const { productId, productName } = context
    const available = availableFromRefusal(error)
    const notice = { key: `cart-line:${productId}` }
    // A later change to this line is on its way and will decide what it holds: leave the screen
    // to it, and say only what failed (its own outcome replaces this notice).
    if (lineHasLaterChanges(client, productId)) return notifyError(describeCartFailure(error, { productName }), notice)
    // Otherwise back to the line as the server last confirmed it.
    const confirmed = confirmedCartLine(client, productId)
    const line = confirmed.line && available !== undefined ? { ...confirmed.line, stock: available } : confirmed.line
    client.setQueryData(cartKeys.detail(), (cart) => cart && withLineRestored(cart, productId, { line, index: confirmed.index }))
    notifyError(describeCartFailure(error, { productName, nowHolds: line?.quantity ?? 0 }), notice)
  },
  onSettled: (
    cart: Cart | undefined,
    error: CartChangeError | null,
    _variables: unknown,
    context: CartChangeContext | undefined,
    { client }: MutationFunctionContext,
  ) => {
    if (!context) return
    const next = settleCartChange(client, context.productId, { failed: error !== null })
    if (next !== 'wait') reconcileCart(client, next === 'write' ? cart : undefined)
  },
}

/**
 * Changes to one line run one after another, in the order the shopper made them. Until the server
 * knows this browser's cart, every change shares one scope: two first adds sent side by side would
 * each create a cart, and the browser would keep only one of them.
 */
function useCartChangeScope(productId: number) {
  const exists = useQuery({ ...cartQueries.detail(), select: cartExists, refetchOnMount: false }).data ?? false
  return { id: exists ? `cart-line:${productId}` : 'cart:first-write' }
}

export function useAddToCartMutation(productId: number) {
  return useMutation<Cart, CartChangeError, AddToCartVariables, CartChangeContext>({
    mutationKey: cartKeys.addLine(),
    scope: useCartChangeScope(productId),
    onMutate: ({ product, quantity }, { client }) =>
      writeOptimistic(client, product.productId, (cart, line) => withLineQuantity(cart, product, (line?.quantity ?? 0) + quantity), product.name),
    ...cartChangeCallbacks,
  })
}

export function useSetCartLineQuantityMutation(productId: number) {
  return useMutation<Cart, CartChangeError, SetCartLineQuantityVariables, CartChangeContext>({
    mutationKey: cartKeys.setLineQuantity(),
    scope: useCartChangeScope(productId),
    onMutate: ({ productId, quantity }, { client }) =>
      writeOptimistic(client, productId, (cart, line) => (line ? withLineQuantity(cart, line, quantity) : cart)),
    ...cartChangeCallbacks,
  })
}

export function useRemoveCartLineMutation(productId: number) {
  return useMutation<Cart, CartChangeError, RemoveCartLineVariables, CartChangeContext>({
    mutationKey: cartKeys.removeLine(),
    scope: useCartChangeScope(productId),
    onMutate: ({ productId }, { client }) => writeOptimistic(client, productId, (cart, line) => (line ? withLineQuantity(cart, line, 0) : cart)),
    ...cartChangeCallbacks,
  })
}

/**
 * Shows a line's new quantity at once, before its request is sent (the stepper sends one request
 * per burst of clicks). Until `releaseCartLinePreview`, the change counts as unconfirmed.
 */
export function previewCartLineQuantity(client: QueryClient, productId: number, quantity: number) {
  markUnsentCartChange(client, productId, client.getQueryData(cartKeys.detail()))
  // The read cancelled here may be the refetch that was to reconcile the cart: the last change owes it.
  if (client.isFetching({ queryKey: cartKeys.detail() }) > 0) holdBackCancelledCartRead(client)
  void client.cancelQueries({ queryKey: cartKeys.detail() })
  client.setQueryData(cartKeys.detail(), (cart) => {
    const line = findLine(cart, productId)
    return cart && line ? withLineQuantity(cart, line, quantity) : cart
  })
}

/** The preview's request was sent (its mutation now stands for it) or dropped. */
export function releaseCartLinePreview(client: QueryClient, productId: number) {
  if (clearUnsentCartChange(client, productId)) reconcileCart(client, undefined)
}

/**
 * The one cart write that skips the mutation: a burst flushed as the page goes away. It must leave
 * now (keepalive carries it past the page), not wait in its line's queue; its answer has no page
 * to go to, and the next page refetches the cart (see cart-unload.ts).
 */
export function sendCartLineQuantityWhileLeaving(productId: number, quantity: number) {
  cartRequests.setLineQuantity({ productId, quantity }).catch(noop)
}
