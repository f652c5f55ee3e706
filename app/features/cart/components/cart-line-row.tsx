import { Link } from '@tanstack/react-router'
import { memo } from 'react'
import { SoftDisabledButton } from '~/components/soft-disabled-button'
import { formActions } from '~/lib/form-actions'
import { formatMoney } from '~/lib/money'
import { useRemoveCartLineMutation } from '../cart.mutations'
import type { CartLine } from '../cart.schemas'
import { useCartLineStepper } from '../use-cart-line-stepper'

function stockWarning(line: CartLine) {
  if (line.archived) return 'No longer sold — remove it to check out.'
  if (line.stock === 0) return 'Sold out — remove it to check out.'
  if (line.quantity > line.stock) return `Only ${line.stock} left — lower the quantity to check out.`
  if (line.quantity === line.stock && line.stock <= 5) return `You have the last ${line.stock} we have.`
  return null
}

/**
 * One cart line. Memoized: a change to another line leaves this row alone (lines keep their
 * identity). `onRemove` is told before the row goes, so focus can move somewhere that stays.
 * The row is a form: before hydration "−", "+" and "Remove" post it (each button names its
 * quantity or its action); once hydrated they run the stepper and the mutation instead.
 */
export const CartLineRow = memo(function CartLineRow({ line, onRemove }: { line: CartLine; onRemove: () => void }) {
  const stepper = useCartLineStepper(line)
  const remove = useRemoveCartLineMutation(line.productId)
  const warning = stockWarning(line)
  return (
    <li className="flex flex-wrap items-center gap-4 py-4">
      <form method="post" action={formActions.setCartLine} className="contents">
        <input type="hidden" name="productId" value={line.productId} />
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
          <SoftDisabledButton
            type="submit"
            name="quantity"
            value={Math.max(1, stepper.quantity - 1)}
            aria-label={`One fewer ${line.name}`}
            disabled={!stepper.canDecrease}
            onClick={(event) => {
              event.preventDefault()
              stepper.decrement()
            }}
            className="px-3 py-1.5 aria-disabled:cursor-not-allowed aria-disabled:text-stone-300"
          >
            −
          </SoftDisabledButton>
          <output aria-live="polite" aria-label={`Quantity of ${line.name}`} className="w-10 text-center tabular-nums">
            {stepper.quantity}
          </output>
          <SoftDisabledButton
            type="submit"
            name="quantity"
            value={stepper.quantity + 1}
            aria-label={`One more ${line.name}`}
            disabled={!stepper.canIncrease}
            onClick={(event) => {
              event.preventDefault()
              stepper.increment()
            }}
            className="px-3 py-1.5 aria-disabled:cursor-not-allowed aria-disabled:text-stone-300"
          >
            +
          </SoftDisabledButton>
        </div>
        <p className="w-24 text-right font-medium tabular-nums" aria-label={`Line total for ${line.name}`}>
          {formatMoney(line.lineTotalCents)}
        </p>
        <button
          type="submit"
          formAction={formActions.removeCartLine}
          onClick={(event) => {
            event.preventDefault()
            stepper.discard()
            onRemove()
            remove.mutate({ productId: line.productId, productName: line.name })
          }}
          className="text-sm text-stone-600 underline-offset-2 hover:text-red-800 hover:underline"
          aria-label={`Remove ${line.name}`}
        >
          Remove
        </button>
      </form>
    </li>
  )
})
