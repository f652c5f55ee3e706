import { useDebouncer } from '@tanstack/react-pacer'
import { onlineManager, useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { settledLineQuantity } from './cart-sync'
import {
  previewCartLineQuantity,
  releaseCartLinePreview,
  sendCartLineQuantityWhileLeaving,
  useSetCartLineQuantityMutation,
} from './cart.mutations'
import { noteCartChangeSentWhileLeaving } from './cart-unload'
import { findLine } from './cart.optimistic'
import { cartKeys } from './cart.queries'
import { MAX_LINE_QUANTITY, type CartLine } from './cart.schemas'

/** Clicks closer together than this are one change, sent as one request. */
export const STEPPER_DEBOUNCE_MS = 300

/**
 * A line's quantity control: every click moves the number (and the totals) at once; the request
 * goes out once the clicks stop, with the final quantity. The PUT is absolute, so one request
 * carries the whole burst; a burst that ends where it began sends nothing.
 */
export function useCartLineStepper(line: CartLine) {
  const client = useQueryClient()
  const setQuantity = useSetCartLineQuantityMutation(line.productId)

  const sender = useDebouncer(
    (quantity: number) => {
      // Nothing to send only when the burst ends where the server is and will stay; a burst that
      // ends where it began is not enough (what it began from may have failed since).
      if (quantity !== settledLineQuantity(client, line.productId)) setQuantity.mutate({ productId: line.productId, quantity, productName: line.name })
      // After mutate: the mutation counts as unconfirmed before the preview stops counting.
      releaseCartLinePreview(client, line.productId)
    },
    // Leaving the page (in the app) mid-burst still sends the change the shopper sees.
    { wait: STEPPER_DEBOUNCE_MS, onUnmount: (debouncer) => debouncer.flush() },
  )

  // Closing or reloading the tab unmounts nothing. The burst's PUT goes out at once, past the line's
  // queue: a request queued behind another change on this line would never leave a dying page.
  useEffect(() => {
    const sendNow = () => {
      const quantity = sender.store.state.lastArgs?.[0]
      if (!sender.store.state.isPending || quantity === undefined) return
      // Offline, a request cannot leave: the burst becomes a queued change instead, which the
      // persister keeps for the next visit (see offline-sync.ts).
      if (!onlineManager.isOnline()) return sender.flush()
      sender.cancel()
      noteCartChangeSentWhileLeaving()
      sendCartLineQuantityWhileLeaving(line.productId, quantity)
      releaseCartLinePreview(client, line.productId)
    }
    window.addEventListener('pagehide', sendNow)
    return () => window.removeEventListener('pagehide', sendNow)
  }, [sender, client, line.productId])

  // A product no longer sold can only go down (the server refuses more).
  const max = line.archived ? 0 : Math.min(line.stock, MAX_LINE_QUANTITY)

  /**
   * One step up or down from what the cache holds now, not from the last render: key presses
   * faster than React renders must each count.
   */
  const step = (delta: 1 | -1) => {
    const current = findLine(client.getQueryData(cartKeys.detail()), line.productId)?.quantity ?? line.quantity
    const quantity = current + delta
    if (quantity < 1 || (delta > 0 && quantity > max)) return
    previewCartLineQuantity(client, line.productId, quantity)
    sender.maybeExecute(quantity)
    // Offline there is no request to save: each click is queued (and on disk) at once, so closing
    // the tab a moment later loses nothing.
    if (!onlineManager.isOnline()) sender.flush()
  }

  /** Drops a burst not sent yet: the line is being removed, and its removal says the rest. */
  const discard = () => {
    if (!sender.store.state.isPending) return
    sender.cancel()
    releaseCartLinePreview(client, line.productId)
  }

  return {
    quantity: line.quantity,
    canDecrease: line.quantity > 1,
    canIncrease: line.quantity < max,
    increment: () => step(1),
    decrement: () => step(-1),
    discard,
  }
}
