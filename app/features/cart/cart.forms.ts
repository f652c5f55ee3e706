import type { FormAction, FormContext } from '~/http/form-posts'
import { parseFormFields, readIdempotencyField } from '~/http/form-fields'
import { cartCookieHeader, readCartToken } from '~/http/shopper-cookie'
import { localPath } from '~/lib/form-actions'
import { addCartLineInputSchema, cartLinePathSchema, setCartLineInputSchema, type Cart } from './cart.schemas'
import { addCartLine, removeCartLine, setCartLineQuantity, type CartWrite } from './cart.server'

/** The cart cookie a write renews, as the API sets it. */
const cookiesOf = (request: Request, { token }: CartWrite) => (token ? [cartCookieHeader(request, token)['set-cookie']] : [])

const lineName = (cart: Cart, productId: number) => cart.lines.find((line) => line.productId === productId)?.name ?? 'The product'

const productIdOf = ({ fields }: FormContext) => parseFormFields(fields, cartLinePathSchema).productId

/** The cart's forms without JavaScript: the same server functions as POST, PUT and DELETE /api/cart/lines. */
export const cartForms = {
  add: {
    limit: 'cart',
    back: '/cart',
    handle: async ({ request, db, fields }) => {
      const idempotencyKey = readIdempotencyField(fields)
      const input = parseFormFields(fields, addCartLineInputSchema, { numbers: ['productId', 'quantity'] })
      const write = await addCartLine(db, readCartToken(request), input, idempotencyKey)
      const inCart = write.cart.lines.find((line) => line.productId === input.productId)?.quantity ?? input.quantity
      return {
        // Back to the page the shopper added from: the product, or the listing they were browsing.
        redirectTo: localPath(fields.returnTo) ?? '/cart',
        message: `Added to your cart: ${lineName(write.cart, input.productId)} (${inCart} in your cart).`,
        cookies: cookiesOf(request, write),
      }
    },
  },
  setLine: {
    limit: 'cart',
    back: '/cart',
    handle: async (context) => {
      const productId = productIdOf(context)
      const { quantity } = parseFormFields(context.fields, setCartLineInputSchema, { numbers: ['quantity'] })
      const write = await setCartLineQuantity(context.db, readCartToken(context.request), productId, quantity)
      const message = quantity === 0 ? 'Removed from your cart.' : `${lineName(write.cart, productId)}: ${quantity} in your cart.`
      return { redirectTo: '/cart', message, cookies: cookiesOf(context.request, write) }
    },
  },
  removeLine: {
    limit: 'cart',
    back: '/cart',
    handle: async (context) => {
      const productId = productIdOf(context)
      const write = await removeCartLine(context.db, readCartToken(context.request), productId)
      return { redirectTo: '/cart', message: 'Removed from your cart.', cookies: cookiesOf(context.request, write) }
    },
  },
} satisfies Record<string, FormAction>
