import { IdempotencyKeyField, ReturnToField } from '~/components/form-post-fields'
import { SoftDisabledButton } from '~/components/soft-disabled-button'
import { formActions } from '~/lib/form-actions'
import { MAX_LINE_QUANTITY } from '../cart.schemas'
import { addToCartVariables, useAddToCartMutation } from '../cart.mutations'
import type { CartProductPreview } from '../cart.optimistic'
import { useCartLineQuantity } from '../use-cart-line-quantity'

/** The product fields a card or product page has, in the shape the cart's optimistic line needs. */
export type CartableProduct = { id: number; slug: string; name: string; priceCents: number; stock: number }

export const toCartProduct = (product: CartableProduct): CartProductPreview => ({
  productId: product.id,
  slug: product.slug,
  name: product.name,
  unitPriceCents: product.priceCents,
  stock: product.stock,
})

/**
 * A product card's one-click add: one unit per click, the badge moves before the server answers.
 * A form, so that before hydration the browser posts it itself and comes back to the listing.
 */
export function AddToCartButton({ product }: { product: CartableProduct }) {
  const addToCart = useAddToCartMutation(product.id)
  const inCart = useCartLineQuantity(product.id)
  const limit = Math.min(product.stock, MAX_LINE_QUANTITY)
  const label = product.stock === 0 ? 'Sold out' : inCart >= limit ? 'All in your cart' : 'Add to cart'
  return (
    <form
      method="post"
      action={formActions.addToCart}
      onSubmit={(event) => {
        event.preventDefault()
        addToCart.mutate(addToCartVariables(toCartProduct(product), 1))
      }}
      className="flex items-center justify-between gap-2 px-3 pb-3"
    >
      <input type="hidden" name="productId" value={product.id} />
      <input type="hidden" name="quantity" value={1} />
      <IdempotencyKeyField />
      <ReturnToField />
      <SoftDisabledButton
        type="submit"
        disabled={inCart >= limit}
        aria-label={`${label}: ${product.name}`}
        aria-busy={addToCart.isPending}
        className="rounded-md bg-stone-900 px-3 py-1.5 text-sm text-white hover:bg-stone-700 aria-disabled:cursor-not-allowed aria-disabled:bg-stone-300 aria-disabled:text-stone-600 aria-disabled:hover:bg-stone-300"
      >
        {addToCart.isPending ? 'Adding…' : label}
      </SoftDisabledButton>
      {inCart > 0 ? <span className="text-xs text-emerald-800">✓ {inCart} in cart</span> : null}
    </form>
  )
}
