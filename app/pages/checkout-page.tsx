import { useIsMutating, useSuspenseQuery } from '@tanstack/react-query'
import { Link } from '@tanstack/react-router'
import { useEffect, useRef } from 'react'
import { ArchivedCartLines, archivedCartLines } from '~/features/cart/components/archived-cart-lines'
import { CartReview } from '~/features/cart/components/cart-review'
import { ShortCartLines, shortCartLines } from '~/features/cart/components/short-cart-lines'
import { cartKeys, cartQueries } from '~/features/cart/cart.queries'
import { CheckoutForm } from '~/features/orders/components/checkout-form'
import { usePlaceOrderMutation } from '~/features/orders/checkout.mutations'
import { archivedLinesOf, shortLinesOf, type Order } from '~/features/orders/orders.schemas'
import { useOnline } from '~/lib/online'

/**
 * The checkout page: the cart (read-only, with any short lines to fix) beside the form. Composed
 * here, above the features, because it joins the cart and orders.
 */
export function CheckoutPage({ onPlaced }: { onPlaced: (order: Order) => void }) {
  const { data: cart } = useSuspenseQuery(cartQueries.detail())
  const placeOrder = usePlaceOrderMutation()
  // A cart change still on its way would be ordered or not depending on which request lands first.
  const cartSaving = useIsMutating({ mutationKey: cartKeys.all }) > 0
  const online = useOnline()
  const short = shortCartLines(cart)
  const archived = archivedCartLines(cart)
  // A refusal's message goes once its lines are fixed (the refusal marked them in the cart).
  const refusedForStock = shortLinesOf(placeOrder.error) !== undefined
  const refusedForArchived = archivedLinesOf(placeOrder.error) !== undefined
  const { reset } = placeOrder
  useEffect(() => {
    if ((refusedForStock && short.length === 0) || (refusedForArchived && archived.length === 0)) reset()
  }, [refusedForStock, short.length, refusedForArchived, archived.length, reset])

  // Placing the order empties the cart before the confirmation page opens: that is not an empty checkout.
  if (cart.lines.length === 0 && (placeOrder.isPending || placeOrder.isSuccess)) {
    return <p role="status">Order placed — opening your confirmation…</p>
  }
  // The server found the cart empty (another tab ordered or emptied it): focus moves to the news.
  if (cart.lines.length === 0) return <EmptyCheckout takeFocus={placeOrder.isError} />

  const blockedReason = checkoutBlockedReason({ online, cartSaving, shortLines: short.length, archivedLines: archived.length })
  return (
    <div className="space-y-6">
      <h1 className="font-display text-3xl">Checkout</h1>
      <ArchivedCartLines lines={archived} />
      <ShortCartLines lines={short} />
      <div className="grid gap-8 lg:grid-cols-[1fr_20rem]">
        <CheckoutForm placeOrder={placeOrder} blockedReason={blockedReason} onPlaced={onPlaced} />
        <CartReview cart={cart} />
      </div>
    </div>
  )
}

/** Why the order cannot be placed right now, most fundamental first; undefined when it can. */
function checkoutBlockedReason({ online, cartSaving, shortLines, archivedLines }: { online: boolean; cartSaving: boolean; shortLines: number; archivedLines: number }) {
  if (!online) return "You're offline. Orders are placed only online, never queued: connect to place yours."
  if (cartSaving) return 'Saving your cart changes…'
  if (archivedLines > 0) return 'Remove the items no longer sold to place your order.'
  if (shortLines > 0) return 'Adjust the items above to place your order.'
  return undefined
}

function EmptyCheckout({ takeFocus }: { takeFocus: boolean }) {
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    if (takeFocus) heading.current?.focus()
  }, [takeFocus])
  return (
    <section className="rounded-xl border border-dashed border-stone-300 px-6 py-16 text-center">
      <h1 ref={heading} tabIndex={-1} className="font-display text-2xl outline-none">
        Your cart is empty
      </h1>
      <p className="mt-2 text-stone-600">Add something to your cart, then come back here to check out.</p>
      <div className="mt-6 flex justify-center gap-4">
        <Link to="/search" search={{ sort: 'newest' }} className="rounded-md bg-stone-900 px-4 py-2 text-white">
          Browse products
        </Link>
        <Link to="/orders" className="rounded-md border border-stone-300 px-4 py-2">
          Your orders
        </Link>
      </div>
    </section>
  )
}
