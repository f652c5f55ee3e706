import { useDebouncer } from '@tanstack/react-pacer'
import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef } from 'react'
import { previewCartLineQuantity, releaseCartLinePreview, useSetCartLineQuantityMutation } from './cart.mutations'
import type { CartLine } from './cart.schemas'

/** Clicks closer together than this are one change, sent as one request. */
export const STEPPER_DEBOUNCE_MS = 300

/**
 * A line's quantity control: every click moves the number (and the totals) at once; the request
 * goes out once the clicks stop, with the final quantity. The PUT is absolute, so the one request
 * carries the whole burst, and what the line held before the burst is what a failure restores.
 */
export function useCartLineStepper(line: CartLine) {
  const client = useQueryClient()
  const setQuantity = useSetCartLineQuantityMutation(line.productId)
  const quantityBeforeBurst = useRef<number | null>(null)

  const sender = useDebouncer(
    (quantity: number) => {
      const previousQuantity = quantityBeforeBurst.current ?? undefined
      quantityBeforeBurst.current = null
      releaseCartLinePreview(client, line.productId)
      if (quantity !== previousQuantity) setQuantity.mutate({ productId: line.productId, quantity, previousQuantity })
    },
    // Leaving the page mid-burst still sends the change the shopper sees.
    { wait: STEPPER_DEBOUNCE_MS, onUnmount: (debouncer) => debouncer.flush() },
  )

  // Closing or reloading the tab unmounts nothing: send the burst as the page goes away.
  useEffect(() => {
    const flush = () => sender.flush()
    window.addEventListener('pagehide', flush)
    return () => window.removeEventListener('pagehide', flush)
  }, [sender])

  const change = (quantity: number) => {
    quantityBeforeBurst.current ??= line.quantity
    previewCartLineQuantity(client, line.productId, quantity)
    sender.maybeExecute(quantity)
  }

  /** Drops a burst not sent yet (the line is being removed), putting its quantity back first. */
  const discard = () => {
    if (quantityBeforeBurst.current === null) return
    sender.cancel()
    previewCartLineQuantity(client, line.productId, quantityBeforeBurst.current)
    releaseCartLinePreview(client, line.productId)
    quantityBeforeBurst.current = null
  }

  return { quantity: line.quantity, change, discard, isSaving: setQuantity.isPending }
}
