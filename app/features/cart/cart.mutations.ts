import { useMutation, type MutationFunctionContext, type QueryClient } from '@tanstack/react-query'
import type { ZodError } from 'zod'
import { apiSend } from '~/lib/api-client'
import type { ApiError, NetworkError } from '~/lib/api-error'
import { cascadeAfterCartChange, cascadeAfterStockRefusal, reconcileCart } from '~/lib/cascade'
import { notify } from '~/lib/notices'
import { retryDelay, shouldRetryReplaySafeWrite } from '~/lib/query-client'
import { availableFromRefusal, describeCartFailure } from './cart-messages'
import { findLine, withLineQuantity, withLineRestored, type CartProductPreview } from './cart.optimistic'
import { cartKeys, cartQueries } from './cart.queries'
import { cartSchema, emptyCart, type Cart, type CartLine } from './cart.schemas'

export type CartChangeError = ApiError | NetworkError | ZodError

export type AddToCartVariables = { product: CartProductPreview; quantity: number; idempotencyKey: string }
/** `previousQuantity`: what the line held before the shopper began this change, when the screen already shows it (the stepper). */
export type SetCartLineQuantityVariables = { productId: number; quantity: number; previousQuantity?: number }
export type RemoveCartLineVariables = { productId: number }

/** What a cart change needs to undo itself: the one line it changed, as it was. */
export type CartChangeContext = {
  productId: number
  productName: string
  previous: { line: CartLine | undefined; index: number }
  sentAt: number
}

/** A key that names one attempt to add; every retry of that attempt sends the same key. */
export function newIdempotencyKey() {
  // getRandomValues, not randomUUID: the latter is missing on plain-HTTP pages other than localhost.
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('')
}

export const addToCartVariables = (product: CartProductPreview, quantity: number): AddToCartVariables => ({
  product,
  quantity,
  idempotencyKey: newIdempotencyKey(),
})

// Changes already on screen whose request is not sent yet (a stepper's burst of clicks), per
// client. Like pending mutations, they make a server answer unsafe to write over the cart.
const unsentLineChanges = new WeakMap<QueryClient, Set<number>>()

function unsentChanges(client: QueryClient) {
  let changes = unsentLineChanges.get(client)
  if (!changes) unsentLineChanges.set(client, (changes = new Set()))
  return changes
}

/**
 * Whether the settling change is the only unconfirmed one. Called from its own callbacks, where
 * it still counts as pending.
 */
const isLastCartChange = (client: QueryClient) =>
  client.isMutating({ mutationKey: cartKeys.all }) <= 1 && unsentChanges(client).size === 0

/**
 * The optimistic write every cart change makes. It cancels cart fetches in flight (one landing
 * after this write would put the old cart back), remembers the one line it changes, and writes.
 */
async function writeOptimistic(
  client: QueryClient,
  productId: number,
  change: (cart: Cart, line: CartLine | undefined) => Cart,
  { fallbackName = 'This product', previousQuantity }: { fallbackName?: string; previousQuantity?: number } = {},
): Promise<CartChangeContext> {
  await client.cancelQueries({ queryKey: cartKeys.detail() })
  const cart = client.getQueryData(cartQueries.detail().queryKey) ?? emptyCart
  const index = cart.lines.findIndex((line) => line.productId === productId)
  const line = cart.lines[index]
  let previousLine = line
  if (line && previousQuantity !== undefined) {
    previousLine = previousQuantity > 0 ? { ...line, quantity: previousQuantity, lineTotalCents: line.unitPriceCents * previousQuantity } : undefined
  }
  client.setQueryData(cartQueries.detail().queryKey, change(cart, line))
  return { productId, productName: line?.name ?? fallbackName, previous: { line: previousLine, index }, sentAt: Date.now() }
}

/** Callbacks shared by the three cart changes: cascade on success, roll back and explain on failure, reconcile last. */
const cartChangeCallbacks = {
  retry: shouldRetryReplaySafeWrite,
  retryDelay,
  onSuccess: (cart: Cart, _variables: unknown, context: CartChangeContext, { client }: MutationFunctionContext) => {
    cascadeAfterCartChange(client, { cart, productIds: [context.productId], observedAt: context.sentAt, writeCart: isLastCartChange(client) })
  },
  onError: (error: CartChangeError, _variables: unknown, context: CartChangeContext | undefined, { client }: MutationFunctionContext) => {
    if (!context) return
    const available = availableFromRefusal(error)
    let restored = context.previous.line
    if (restored && available !== undefined) restored = { ...restored, stock: available }
    client.setQueryData(cartQueries.detail().queryKey, (cart) => cart && withLineRestored(cart, context.productId, { ...context.previous, line: restored }))
    if (available !== undefined) cascadeAfterStockRefusal(client, { productId: context.productId, available, observedAt: context.sentAt })
    notify('error', describeCartFailure(error, { productName: context.productName, nowHolds: restored?.quantity ?? 0 }))
  },
  onSettled: (_cart: Cart | undefined, error: CartChangeError | null, _variables: unknown, _context: unknown, { client }: MutationFunctionContext) => {
    if (isLastCartChange(client)) reconcileCart(client, { failed: error !== null })
  },
}

/** Changes to one line run one after another, in the order the shopper made them. */
const lineScope = (productId: number) => ({ id: `cart-line:${productId}` })

export function useAddToCartMutation(productId: number) {
  return useMutation<Cart, CartChangeError, AddToCartVariables, CartChangeContext>({
    mutationKey: cartKeys.addLine(),
    scope: lineScope(productId),
    mutationFn: ({ product, quantity, idempotencyKey }) =>
      apiSend('POST', '/api/cart/lines', cartSchema, { body: { productId: product.productId, quantity }, idempotencyKey }),
    onMutate: ({ product, quantity }, { client }) =>
      writeOptimistic(client, product.productId, (cart, line) => withLineQuantity(cart, product, (line?.quantity ?? 0) + quantity), {
        fallbackName: product.name,
      }),
    ...cartChangeCallbacks,
  })
}

export function useSetCartLineQuantityMutation(productId: number) {
  return useMutation<Cart, CartChangeError, SetCartLineQuantityVariables, CartChangeContext>({
    mutationKey: cartKeys.setLineQuantity(),
    scope: lineScope(productId),
    mutationFn: ({ productId, quantity }) => apiSend('PUT', `/api/cart/lines/${productId}`, cartSchema, { body: { quantity } }),
    onMutate: ({ productId, quantity, previousQuantity }, { client }) =>
      writeOptimistic(client, productId, (cart, line) => (line ? withLineQuantity(cart, line, quantity) : cart), { previousQuantity }),
    ...cartChangeCallbacks,
  })
}

export function useRemoveCartLineMutation(productId: number) {
  return useMutation<Cart, CartChangeError, RemoveCartLineVariables, CartChangeContext>({
    mutationKey: cartKeys.removeLine(),
    scope: lineScope(productId),
    mutationFn: ({ productId }) => apiSend('DELETE', `/api/cart/lines/${productId}`, cartSchema),
    onMutate: ({ productId }, { client }) => writeOptimistic(client, productId, (cart, line) => (line ? withLineQuantity(cart, line, 0) : cart)),
    ...cartChangeCallbacks,
  })
}

/**
 * Shows a line's new quantity at once, before its request is sent (the stepper sends one request
 * per burst of clicks). Until `releaseCartLinePreview`, the change counts as unconfirmed.
 */
export function previewCartLineQuantity(client: QueryClient, productId: number, quantity: number) {
  unsentChanges(client).add(productId)
  void client.cancelQueries({ queryKey: cartKeys.detail() })
  client.setQueryData(cartQueries.detail().queryKey, (cart) => {
    const line = findLine(cart, productId)
    return cart && line ? withLineQuantity(cart, line, quantity) : cart
  })
}

/** The preview's request is being sent (or dropped): the mutation, if any, now stands for it. */
export function releaseCartLinePreview(client: QueryClient, productId: number) {
  unsentChanges(client).delete(productId)
}
