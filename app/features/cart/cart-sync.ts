import { hashKey, type QueryClient } from '@tanstack/react-query'
import { cartKeys } from './cart.queries'
import type { Cart, CartLine } from './cart.schemas'

/**
 * The cart changes this browser has shown but the server has not confirmed, per QueryClient.
 *
 * While any change is unconfirmed, the screen is the only writer of the cart cache. A server
 * answer in that time is true but possibly old (the desk's answer knows nothing of the lamp change
 * still on its way), so it is held back: a change's answer is not written, and a cart read is
 * cancelled. The change that settles last writes its own answer when nothing was held back, and
 * otherwise refetches the cart once.
 *
 * "Settles last" is counted here, synchronously, not read from `isMutating()`: two answers landing
 * in the same tick would each still see the other as pending, and neither would reconcile.
 */

/** A line as the server last confirmed it, and where it stood in the cart. */
export type ConfirmedLine = { line: CartLine | undefined; index: number }

type LineChanges = { inFlight: number; unsent: boolean; confirmed: ConfirmedLine }
type CartSync = { lines: Map<number, LineChanges>; inFlight: number; heldBack: boolean }

const syncs = new WeakMap<QueryClient, CartSync>()

function syncOf(client: QueryClient) {
  let sync = syncs.get(client)
  if (!sync) syncs.set(client, (sync = { lines: new Map(), inFlight: 0, heldBack: false }))
  return sync
}

/**
 * The first unconfirmed change to a line records the line as it is in `shown` (the cart on screen
 * before the change): the state a failure goes back to.
 */
function changesOf(client: QueryClient, productId: number, shown?: Cart) {
  const sync = syncOf(client)
  let changes = sync.lines.get(productId)
  if (!changes) {
    const lines = shown?.lines ?? []
    const index = lines.findIndex((line) => line.productId === productId)
    changes = { inFlight: 0, unsent: false, confirmed: { line: lines[index], index } }
    sync.lines.set(productId, changes)
  }
  return changes
}

function forgetIfIdle(sync: CartSync, productId: number) {
  const changes = sync.lines.get(productId)
  if (changes && changes.inFlight === 0 && !changes.unsent) sync.lines.delete(productId)
}

export function hasUnconfirmedCartChanges(client: QueryClient) {
  const sync = syncOf(client)
  return sync.inFlight > 0 || [...sync.lines.values()].some((changes) => changes.unsent)
}

/** A mutation begins: call it before any await in onMutate, so that a change is never uncounted. */
export function beginCartChange(client: QueryClient, productId: number, shown: Cart | undefined) {
  changesOf(client, productId, shown).inFlight++
  syncOf(client).inFlight++
}

/** The server applied a change: its answer is the line's new confirmed state. */
export function confirmCartLine(client: QueryClient, productId: number, cart: Cart) {
  const changes = syncOf(client).lines.get(productId)
  if (!changes) return
  const index = cart.lines.findIndex((line) => line.productId === productId)
  changes.confirmed = { line: cart.lines[index], index }
}

/** The line as the server last confirmed it (earlier changes to it that succeeded included). */
export function confirmedCartLine(client: QueryClient, productId: number): ConfirmedLine {
  return changesOf(client, productId).confirmed
}

/**
 * A mutation settled. Returns what to do with the cart: `write` its own answer (nothing else was
 * unconfirmed and nothing was held back), `refetch` (the last one, after answers were held back or
 * this one failed), or `wait` (others are still unconfirmed; this answer is held back).
 */
export function settleCartChange(client: QueryClient, productId: number, { failed }: { failed: boolean }): 'write' | 'refetch' | 'wait' {
  const sync = syncOf(client)
  const changes = sync.lines.get(productId)
  if (changes) changes.inFlight = Math.max(0, changes.inFlight - 1)
  sync.inFlight = Math.max(0, sync.inFlight - 1)
  forgetIfIdle(sync, productId)
  if (hasUnconfirmedCartChanges(client)) {
    sync.heldBack = true
    return 'wait'
  }
  const heldBack = sync.heldBack
  sync.heldBack = false
  return failed || heldBack ? 'refetch' : 'write'
}

/** A change is on screen but its request is not sent yet (a stepper's burst of clicks). */
export function markUnsentCartChange(client: QueryClient, productId: number, shown: Cart | undefined) {
  changesOf(client, productId, shown).unsent = true
}

/**
 * The burst was sent (a mutation now stands for it) or dropped. Returns true when that left
 * nothing unconfirmed but answers had been held back: the cart must be refetched.
 */
export function clearUnsentCartChange(client: QueryClient, productId: number) {
  const sync = syncOf(client)
  const changes = sync.lines.get(productId)
  if (changes) changes.unsent = false
  forgetIfIdle(sync, productId)
  if (hasUnconfirmedCartChanges(client) || !sync.heldBack) return false
  sync.heldBack = false
  return true
}

/**
 * Installed once per QueryClient: a cart read that starts while changes are unconfirmed may
 * predate them, so it is cancelled (the cache keeps what it held, with its own `dataUpdatedAt`)
 * and the last change to settle refetches. Cancelled on the next microtask: the query creates the
 * fetch it could cancel only after announcing it.
 */
export function cancelCartReadsWhileUnconfirmed(client: QueryClient) {
  const cartHash = hashKey(cartKeys.detail())
  return client.getQueryCache().subscribe((event) => {
    if (event.type !== 'updated' || event.action.type !== 'fetch' || event.query.queryHash !== cartHash) return
    if (!hasUnconfirmedCartChanges(client)) return
    syncOf(client).heldBack = true
    // Still unconfirmed? If the last change settled meanwhile, the fetch now running is its refetch.
    queueMicrotask(() => hasUnconfirmedCartChanges(client) && void client.cancelQueries({ queryKey: cartKeys.detail(), exact: true }))
  })
}

/** A cart read was cancelled to show a change: whatever it would have brought, the last change refetches. */
export function holdBackCancelledCartRead(client: QueryClient) {
  syncOf(client).heldBack = true
}

/**
 * Whether a later change to this line is still on its way (queued behind the settling one, or a
 * burst not sent yet). Call from a settling change's own callbacks, where it still counts.
 */
export function lineHasLaterChanges(client: QueryClient, productId: number) {
  const changes = syncOf(client).lines.get(productId)
  return changes !== undefined && (changes.unsent || changes.inFlight > 1)
}

/**
 * What the server will hold for this line once nothing is on its way: the confirmed quantity, or
 * undefined while a request for it is still in flight (then nobody knows yet).
 */
export function settledLineQuantity(client: QueryClient, productId: number): number | undefined {
  const changes = syncOf(client).lines.get(productId)
  if (!changes) return undefined
  return changes.inFlight > 0 ? undefined : (changes.confirmed.line?.quantity ?? 0)
}

/** Whether the server knows this browser's cart yet; until it does, writes must not race to create two. */
export const cartExists = (cart: Cart | undefined) => cart?.updatedAt != null
