import { Link } from '@tanstack/react-router'
import { useId, useState } from 'react'
import { IdempotencyKeyField, ReturnToField } from '~/components/form-post-fields'
import { SoftDisabledButton } from '~/components/soft-disabled-button'
import { formActions } from '~/lib/form-actions'
import { addToCartVariables, useAddToCartMutation } from '../cart.mutations'
import { MAX_LINE_QUANTITY } from '../cart.schemas'
import { useCartLineQuantity } from '../use-cart-line-quantity'
import { toCartProduct, type CartableProduct } from './add-to-cart-button'

/**
 * The product page's add: a quantity picker bounded by what is left to add (stock minus what the
 * cart holds), then one POST with its own Idempotency-Key. The cart shows the units at once.
 * Before hydration the browser posts the form itself, with the key rendered into it.
 */
export function AddToCartForm({ product }: { product: CartableProduct }) {
  const inputId = useId()
  const addToCart = useAddToCartMutation(product.id)
  const inCart = useCartLineQuantity(product.id)
  const canAdd = Math.max(0, Math.min(product.stock, MAX_LINE_QUANTITY) - inCart)
  const [draft, setDraft] = useState('1')
  const parsed = Number(draft)
  const quantity = Number.isInteger(parsed) ? Math.min(Math.max(parsed, 1), Math.max(canAdd, 1)) : 1

  if (product.stock === 0) return <p className="text-stone-600">Sold out — check back soon.</p>

  return (
    <form
      method="post"
      action={formActions.addToCart}
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault()
        // One add per submit: a double click must not add the quantity twice.
        if (canAdd === 0 || addToCart.isPending) return
        addToCart.mutate(addToCartVariables(toCartProduct(product), quantity), { onSuccess: () => setDraft('1') })
      }}
    >
      <input type="hidden" name="productId" value={product.id} />
      <IdempotencyKeyField />
      <ReturnToField />
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor={inputId} className="block text-sm text-stone-600">
            Quantity
          </label>
          <div className="mt-1 flex items-center rounded-md border border-stone-300">
            <SoftDisabledButton
              aria-label="One fewer"
              disabled={quantity <= 1}
              onClick={() => setDraft(String(quantity - 1))}
              className="px-3 py-2 aria-disabled:text-stone-300"
            >
              −
            </SoftDisabledButton>
            <input
              id={inputId}
              name="quantity"
              type="number"
              inputMode="numeric"
              min={1}
              max={Math.max(canAdd, 1)}
              value={draft}
              onChange={(event) => setDraft(event.target.value)}
              onBlur={() => setDraft(String(quantity))}
              className="w-14 border-x border-stone-300 py-2 text-center"
            />
            <SoftDisabledButton
              aria-label="One more"
              disabled={quantity >= canAdd}
              onClick={() => setDraft(String(quantity + 1))}
              className="px-3 py-2 aria-disabled:text-stone-300"
            >
              +
            </SoftDisabledButton>
          </div>
        </div>
        <SoftDisabledButton
          type="submit"
          disabled={canAdd === 0 || addToCart.isPending}
          aria-busy={addToCart.isPending}
          className="rounded-md bg-stone-900 px-5 py-2.5 font-medium text-white hover:bg-stone-700 aria-disabled:cursor-not-allowed aria-disabled:bg-stone-300 aria-disabled:text-stone-600 aria-disabled:hover:bg-stone-300"
        >
          {addToCart.isPending ? 'Adding…' : 'Add to cart'}
        </SoftDisabledButton>
      </div>
      <p role="status" className="text-sm text-stone-600">
        {canAdd === 0 && inCart > 0 ? `Your cart holds all ${inCart} we can sell you. ` : null}
        {inCart > 0 ? (
          <>
            {addToCart.isSuccess ? 'Added. ' : null}
            {inCart} in your cart ·{' '}
            <Link to="/cart" className="underline">
              View cart
            </Link>
          </>
        ) : null}
      </p>
    </form>
  )
}
