import { Link } from '@tanstack/react-router'
import { formatMoney } from '~/lib/money'
import type { Cart } from '../cart.schemas'

/** The cart as checkout shows it: what will be ordered, at today's prices, with a way back to edit it. */
export function CartReview({ cart }: { cart: Cart }) {
  return (
    <section aria-labelledby="cart-review-heading" className="h-fit space-y-4 rounded-xl border border-stone-200 bg-white p-5">
      <div className="flex items-baseline justify-between">
        <h2 id="cart-review-heading" className="font-display text-xl">
          Your order
        </h2>
        <Link to="/cart" className="text-sm underline underline-offset-2">
          Edit cart
        </Link>
      </div>
      <ul aria-label="Items to order" className="divide-y divide-stone-100 text-sm">
        {cart.lines.map((line) => (
          <li key={line.productId} className="flex justify-between gap-4 py-2">
            <span>
              {line.name} <span className="text-stone-500">× {line.quantity}</span>
            </span>
            <span className="tabular-nums">{formatMoney(line.lineTotalCents)}</span>
          </li>
        ))}
      </ul>
      <dl className="space-y-1 border-t border-stone-200 pt-3 text-sm">
        <div className="flex justify-between">
          <dt>
            Subtotal ({cart.itemCount} {cart.itemCount === 1 ? 'item' : 'items'})
          </dt>
          <dd className="tabular-nums">{formatMoney(cart.subtotalCents)}</dd>
        </div>
        <div className="flex justify-between">
          <dt>Shipping</dt>
          <dd>Free</dd>
        </div>
        <div className="flex justify-between text-base font-semibold">
          <dt>Total</dt>
          <dd className="tabular-nums" aria-label={`Total ${formatMoney(cart.subtotalCents)}`}>
            {formatMoney(cart.subtotalCents)}
          </dd>
        </div>
      </dl>
      <p className="text-xs text-stone-500">The shop prices your order when you place it; taxes are included.</p>
    </section>
  )
}
