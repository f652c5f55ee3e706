import { useDebouncer } from '@tanstack/react-pacer'
import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef } from 'react'
import { previewCartLineQuantity, releaseCartLinePreview, useSetCartLineQuantityMutation } from './cart.mutations'
import { noteCartChangeSentWhileLeaving } from './cart-unload'
import { findLine } from './cart.optimistic'
import { cartQueries } from './cart.queries'
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
  const quantityBeforeBurst = useRef<number | null>(null)

  const sender = useDebouncer(
    (quantity: number) => {
      if (quantity !== quantityBeforeBurst.current) setQuantity.mutate({ productId: line.productId, quantity })
      quantityBeforeBurst.current = null
      // After mutate: the mutation counts as unconfirmed before the preview stops counting.
      releaseCartLinePreview(client, line.productId)
    },
    // Leaving the page mid-burst still sends the change the shopper sees.
    { wait: STEPPER_DEBOUNCE_MS, onUnmount: (debouncer) => debouncer.flush() },
  )

  // Closing or reloading the tab unmounts nothing: send the burst as the page goes away.
  useEffect(() => {
    const flush = () => {
      if (!sender.store.state.isPending) return
      noteCartChangeSentWhileLeaving()
      sender.flush()
    }
    window.addEventListener('pagehide', flush)
    return () => window.removeEventListener('pagehide', flush)
  }, [sender])

  const max = Math.min(line.stock, MAX_LINE_QUANTITY)

  /**
   * One step up or down from what the cache holds now, not from the last render: key presses
   * faster than React renders must each count.
   */
  const step = (delta: 1 | -1) => {
    const current = findLine(client.getQueryData(cartQueries.detail().queryKey), line.productId)?.quantity ?? line.quantity
    const quantity = current + delta
    if (quantity < 1 || (delta > 0 && quantity > max)) return
    quantityBeforeBurst.current ??= current
    previewCartLineQuantity(client, line.productId, quantity)
    sender.maybeExecute(quantity)
  }

  /** Drops a burst not sent yet: the line is being removed, and its removal says the rest. */
  const discard = () => {
    if (quantityBeforeBurst.current === null) return
    sender.cancel()
    quantityBeforeBurst.current = null
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
