import type { ApiHandler, ApiContext } from '~/http/api-router'
import { parseJsonBody, parsePathParams, readIdempotencyKey, respond, respondCommitted } from '~/http/http'
import { cartCookieHeader, readCartToken } from '~/http/shopper-cookie'
import { addCartLineInputSchema, cartLinePathSchema, cartSchema, setCartLineInputSchema } from './cart.schemas'
import { addCartLine, findCart, removeCartLine, setCartLineQuantity, type CartWrite } from './cart.server'

/** Answers a write with the cart, and renews the cookie (30 days from the last change). */
function respondWithCart(request: Request, { cart, token }: CartWrite) {
  return respondCommitted(cartSchema, cart, { headers: token ? cartCookieHeader(request, token) : undefined })
}

const lineProductId = ({ params }: ApiContext) => parsePathParams(params, cartLinePathSchema).productId

export const cartApi = {
  // Reading never creates a cart: a browser without the cookie simply has an empty one.
  getCart: async ({ db, request }) => respond(cartSchema, await findCart(db, readCartToken(request))),

  addLine: async ({ db, request }) => {
    const idempotencyKey = readIdempotencyKey(request)
    const input = await parseJsonBody(request, addCartLineInputSchema)
    return respondWithCart(request, await addCartLine(db, readCartToken(request), input, idempotencyKey))
  },

  setLineQuantity: async (context) => {
    const productId = lineProductId(context)
    const { quantity } = await parseJsonBody(context.request, setCartLineInputSchema)
    return respondWithCart(context.request, await setCartLineQuantity(context.db, readCartToken(context.request), productId, quantity))
  },

  removeLine: async (context) => respondWithCart(context.request, await removeCartLine(context.db, readCartToken(context.request), lineProductId(context))),
} satisfies Record<string, ApiHandler>
