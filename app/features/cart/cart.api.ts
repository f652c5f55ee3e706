import type { ApiHandler } from '~/server/api-router'
import { readCookie } from '~/server/cookies'
import { respond } from '~/server/http'
import { cartSchema } from './cart.schemas'
import { CART_COOKIE, findCart } from './cart.server'

export const cartApi = {
  // Reading never creates a cart: a browser without the cookie simply has an empty one.
  getCart: ({ db, request }) => respond(cartSchema, findCart(db, readCookie(request, CART_COOKIE))),
} satisfies Record<string, ApiHandler>
