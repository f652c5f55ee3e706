import { z } from 'zod'
import { MAX_CART_LINES, MAX_CART_UNITS, MAX_LINE_QUANTITY } from '#db/limits'
import { pathId } from '~/lib/query-params'

const cents = z.number().int().nonnegative()

export const cartLineSchema = z.object({
  productId: z.number().int().positive(),
  slug: z.string(),
  name: z.string(),
  unitPriceCents: cents,
  quantity: z.number().int().positive(),
  lineTotalCents: cents,
  stock: z.number().int().nonnegative(),
})

export const cartSchema = z.object({
  lines: z.array(cartLineSchema),
  itemCount: z.number().int().nonnegative(),
  subtotalCents: cents,
  currency: z.literal('USD'),
  updatedAt: z.iso.datetime().nullable(),
})

export type Cart = z.infer<typeof cartSchema>

export const emptyCart: Cart = { lines: [], itemCount: 0, subtotalCents: 0, currency: 'USD', updatedAt: null }

/** A cart's item count and subtotal from its lines: the server's answer and the browser's guess alike. */
export function cartTotals(lines: ReadonlyArray<Pick<CartLine, 'quantity' | 'lineTotalCents'>>) {
  return {
    itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
    subtotalCents: lines.reduce((sum, line) => sum + line.lineTotalCents, 0),
  }
}

export type CartLine = z.infer<typeof cartLineSchema>

export { MAX_CART_LINES, MAX_CART_UNITS, MAX_LINE_QUANTITY }

const quantity = z.number().int().max(MAX_LINE_QUANTITY, `At most ${MAX_LINE_QUANTITY} of one product per order`)

// Unknown fields (a price, a name) are dropped, not rejected: the server prices every line itself.
export const addCartLineInputSchema = z.object({
  productId: z.number().int().positive(),
  quantity: quantity.positive(),
})

export const setCartLineInputSchema = z.object({ quantity: quantity.nonnegative() })

export const cartLinePathSchema = z.object({ productId: pathId })

export type AddCartLineInput = z.infer<typeof addCartLineInputSchema>
