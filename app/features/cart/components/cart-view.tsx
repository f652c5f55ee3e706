import { useSuspenseQuery } from '@tanstack/react-query'
import { Link } from '@tanstack/react-router'
import { formatMoney } from '~/lib/money'
import { cartQueries } from '../cart.queries'
import { CartLineRow } from './cart-line-row'

export function CartView() {
  const { data: cart } = useSuspenseQuery(cartQueries.detail())

  if (cart.lines.length === 0) {
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

  const blocked = cart.lines.some((line) => line.quantity > line.stock)
  return (
    <div className="grid gap-8 lg:grid-cols-[1fr_18rem]">
      <ul aria-label="Cart lines" className="divide-y divide-stone-200 border-y border-stone-200">
        {cart.lines.map((line) => (
          <CartLineRow key={line.productId} line={line} />
        ))}
      </ul>
      <aside aria-label="Order summary" className="h-fit space-y-4 rounded-xl border border-stone-200 bg-white p-5">
        <dl className="flex items-baseline justify-between">
          <dt>
            Subtotal ({cart.itemCount} {cart.itemCount === 1 ? 'item' : 'items'})
          </dt>
          <dd className="text-xl font-semibold tabular-nums">
            {formatMoney(cart.subtotalCents)}
          </dd>
        </dl>
        <p className="text-sm text-stone-500">Prices are confirmed when you place the order. Shipping is free.</p>
        {blocked ? <p className="text-sm text-amber-800">Some lines ask for more than we have; adjust them to check out.</p> : null}
        <p className="text-sm text-stone-600">Checkout opens here soon; your cart is kept for 30 days.</p>
      </aside>
    </div>
  )
}
