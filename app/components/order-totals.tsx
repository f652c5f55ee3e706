import { formatMoney } from '~/lib/money'

/**
 * Subtotal, shipping and total, as the cart at checkout and a placed order both show them.
 * Shipping is free and prices include tax, so the total is the subtotal until that changes.
 */
export function OrderTotals({ itemCount, subtotalCents, totalCents, className }: { itemCount: number; subtotalCents: number; totalCents: number; className: string }) {
  return (
    <dl className={`space-y-1 text-sm ${className}`}>
      <div className="flex justify-between">
        <dt>
          Subtotal ({itemCount} {itemCount === 1 ? 'item' : 'items'})
        </dt>
        <dd className="tabular-nums">{formatMoney(subtotalCents)}</dd>
      </div>
      <div className="flex justify-between">
        <dt>Shipping</dt>
        <dd>Free</dd>
      </div>
      <div className="flex justify-between text-base font-semibold">
        <dt>Total</dt>
        <dd className="tabular-nums">{formatMoney(totalCents)}</dd>
      </div>
    </dl>
  )
}
