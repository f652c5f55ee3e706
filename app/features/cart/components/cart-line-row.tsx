import { Link } from '@tanstack/react-router'
import { memo } from 'react'
import { formatMoney } from '~/lib/money'
import { useRemoveCartLineMutation } from '../cart.mutations'
import { MAX_LINE_QUANTITY, type CartLine } from '../cart.schemas'
import { useCartLineStepper } from '../use-cart-line-stepper'

function stockWarning(line: CartLine) {
  if (line.stock === 0) return 'Sold out — remove it to check out.'
  if (line.quantity > line.stock) return `Only ${line.stock} left — lower the quantity to check out.`
  if (line.quantity === line.stock && line.stock <= 5) return `You have the last ${line.stock} we have.`
  return null
}

/** One cart line. Memoized: a change to another line leaves this row alone (lines keep their identity). */
export const CartLineRow = memo(function CartLineRow({ line }: { line: CartLine }) {
  const stepper = useCartLineStepper(line)
  const remove = useRemoveCartLineMutation(line.productId)
  const max = Math.min(line.stock, MAX_LINE_QUANTITY)
  const warning = stockWarning(line)
  return (
    <li className="flex flex-wrap items-center gap-4 py-4">
      <div className="min-w-48 flex-1">
        <Link to="/products/$slug" params={{ slug: line.slug }} className="font-medium hover:underline">
          {line.name}
        </Link>
        <p className="text-sm text-stone-500">{formatMoney(line.unitPriceCents)} each</p>
        {warning ? (
          <p className="mt-1 text-sm text-amber-800" role="note">
            {warning}
          </p>
        ) : null}
      </div>
      <div className="flex items-center rounded-md border border-stone-300" role="group" aria-label={`Quantity of ${line.name}`}>
        <button
          type="button"
          aria-label={`One fewer ${line.name}`}
          disabled={stepper.quantity <= 1}
          onClick={() => stepper.change(stepper.quantity - 1)}
          className="px-3 py-1.5 disabled:text-stone-300"
        >
          −
        </button>
        <output aria-live="polite" aria-label={`Quantity of ${line.name}`} className="w-10 text-center tabular-nums">
          {stepper.quantity}
        </output>
        <button
          type="button"
          aria-label={`One more ${line.name}`}
          disabled={stepper.quantity >= max}
          onClick={() => stepper.change(stepper.quantity + 1)}
          className="px-3 py-1.5 disabled:text-stone-300"
        >
          +
        </button>
      </div>
      <p className="w-24 text-right font-medium tabular-nums" aria-label={`Line total for ${line.name}`}>
        {formatMoney(line.lineTotalCents)}
      </p>
      <button
        type="button"
        onClick={() => {
          stepper.discard()
          remove.mutate({ productId: line.productId })
        }}
        className="text-sm text-stone-600 underline-offset-2 hover:text-red-800 hover:underline"
        aria-label={`Remove ${line.name}`}
      >
        Remove
      </button>
    </li>
  )
})
