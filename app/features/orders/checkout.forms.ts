import type { FormAction } from '~/http/form-posts'
import { parseFormFields, readIdempotencyField } from '~/http/form-fields'
import { cartCookieHeader, readCartToken } from '~/http/shopper-cookie'
import { placeOrder } from './checkout.server'
import { checkoutInputSchema } from './orders.schemas'

/** The checkout form's fields, named as the API's body nests them. */
export const checkoutFieldNames = ['email', 'name', 'address.line1', 'address.city', 'address.postalCode', 'address.country'] as const

/** Checkout without JavaScript: the same placeOrder as POST /api/checkout, under the form's own key. */
export const checkoutForms = {
  placeOrder: {
    limit: 'checkout',
    back: '/checkout',
    // A refused order (short stock, a typo in the postal code) comes back with the address as typed.
    keep: checkoutFieldNames,
    handle: async ({ request, db, fields }) => {
      const idempotencyKey = readIdempotencyField(fields)
      const input = parseFormFields(fields, checkoutInputSchema)
      const { order, token } = await placeOrder(db, readCartToken(request), input, idempotencyKey)
      return {
        redirectTo: `/checkout/confirmation/${encodeURIComponent(order.id)}`,
        message: `Your order ${order.number} is placed.`,
        cookies: [cartCookieHeader(request, token)['set-cookie']],
      }
    },
  },
} satisfies Record<string, FormAction>
