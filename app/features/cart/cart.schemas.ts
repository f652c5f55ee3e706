import { z } from 'zod/mini'
import { MAX_CART_LINES, MAX_CART_UNITS, MAX_LINE_QUANTITY } from '#db/limits'
import { pathId } from '~/lib/query-params'

const cents = z.number().check(z.int(), z.nonnegative())

export const cartLineSchema = z.object({
  productId: z.number().check(z.int(), z.positive()),
  slug: z.string(),
  name: z.string(),
  unitPriceCents: cents,
  quantity: z.number().check(z.int(), z.positive()),
  lineTotalCents: cents,
  stock: z.number().check(z.int(), z.nonnegative()),
  /** Taken off sale since it was added: the line can be lowered or removed, and blocks checkout until it is. */
  archived: z.boolean(),
})

export const cartSchema = z.object({
  lines: z.array(cartLineSchema),
  itemCount: z.number().check(z.int(), z.nonnegative()),
  subtotalCents: cents,
  currency: z.literal('USD'),
  updatedAt: z.nullable(z.iso.datetime()),
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

const quantity = (sign: z.core.$ZodCheck<number>) =>
  z.number().check(z.int(), z.maximum(MAX_LINE_QUANTITY, `At most ${MAX_LINE_QUANTITY} of one product per order`), sign)

// Unknown fields (a price, a name) are dropped, not rejected: the server prices every line itself.
export const addCartLineInputSchema = z.object({
  productId: z.number().check(z.int(), z.positive()),
  quantity: quantity(z.positive()),
})

export const setCartLineInputSchema = z.object({ quantity: quantity(z.nonnegative()) })

export const cartLinePathSchema = z.object({ productId: pathId })

export type AddCartLineInput = z.infer<typeof addCartLineInputSchema>
