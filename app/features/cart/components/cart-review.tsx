import { Link } from '@tanstack/react-router'
import { OrderTotals } from '~/components/order-totals'
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
      <OrderTotals itemCount={cart.itemCount} subtotalCents={cart.subtotalCents} totalCents={cart.subtotalCents} className="border-t border-stone-200 pt-3" />
      <p className="text-xs text-stone-500">The shop prices your order when you place it; taxes are included.</p>
    </section>
  )
}
