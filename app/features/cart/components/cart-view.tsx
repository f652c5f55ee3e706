import { useSuspenseQuery } from '@tanstack/react-query'
import { Link } from '@tanstack/react-router'
import { useCallback, useRef } from 'react'
import { formatMoney } from '~/lib/money'
import { cartQueries } from '../cart.queries'
import type { Cart } from '../cart.schemas'
import { CartLineRow } from './cart-line-row'

export function CartView() {
  const { data: cart } = useSuspenseQuery(cartQueries.detail())
  // A removed row takes its focused button with it; focus moves to the cart, which stays.
  const contents = useRef<HTMLDivElement>(null)
  const focusContents = useCallback(() => contents.current?.focus(), [])

  return (
    <div ref={contents} tabIndex={-1} aria-label="Cart contents" className="outline-none">
      {cart.lines.length === 0 ? <EmptyCart /> : <CartLines cart={cart} onRemove={focusContents} />}
    </div>
  )
}

function EmptyCart() {
  return (
    <section className="rounded-xl border border-dashed border-stone-300 px-6 py-16 text-center">
      <h2 className="font-display text-2xl">Your cart is empty</h2>
      <p className="mt-2 text-stone-600">Find something you like and it will wait for you here.</p>
      <Link to="/search" search={{ sort: 'newest' }} className="mt-6 inline-block rounded-md bg-stone-900 px-4 py-2 text-white">
        Browse products
      </Link>
    </section>
  )
}

function CartLines({ cart, onRemove }: { cart: Cart; onRemove: () => void }) {
  const blocked = cart.lines.some((line) => line.quantity > line.stock)
  const noLongerSold = cart.lines.some((line) => line.archived)
  return (
    <div className="grid gap-8 lg:grid-cols-[1fr_18rem]">
      <ul aria-label="Cart lines" className="divide-y divide-stone-200 self-start border-y border-stone-200">
        {cart.lines.map((line) => (
          <CartLineRow key={line.productId} line={line} onRemove={onRemove} />
        ))}
      </ul>
      <aside aria-label="Order summary" className="h-fit space-y-4 rounded-xl border border-stone-200 bg-white p-5">
        <dl className="flex items-baseline justify-between">
          <dt>
            Subtotal ({cart.itemCount} {cart.itemCount === 1 ? 'item' : 'items'})
          </dt>
          <dd className="text-xl font-semibold tabular-nums">{formatMoney(cart.subtotalCents)}</dd>
        </dl>
        <p className="text-sm text-stone-500">Prices are confirmed when you place the order. Shipping is free.</p>
        {noLongerSold ? (
          <p className="text-sm text-amber-800">Some products are no longer sold; remove them to check out.</p>
        ) : blocked ? (
          <p className="text-sm text-amber-800">Some lines ask for more than we have; lower them to check out.</p>
        ) : null}
        <Link to="/checkout" className="block rounded-md bg-stone-900 px-4 py-3 text-center font-medium text-white hover:bg-stone-700">
          Check out
        </Link>
        <p className="text-xs text-stone-500">Your cart is kept for 30 days.</p>
      </aside>
    </div>
  )
}
