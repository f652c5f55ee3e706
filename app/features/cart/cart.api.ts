import type { ApiHandler, ApiContext } from '~/server/api-router'
import { readCookie, serializeCookie } from '~/server/cookies'
import { parseJsonBody, parsePathParams, respond, validationError } from '~/server/http'
import {
  addCartLineInputSchema,
  cartLinePathSchema,
  cartSchema,
  idempotencyKeySchema,
  setCartLineInputSchema,
} from './cart.schemas'
import { addCartLine, CART_COOKIE, findCart, removeCartLine, setCartLineQuantity, type CartWrite } from './cart.server'

const CART_COOKIE_MAX_AGE_SECONDS = 60 * 60 * 24 * 30

const cartToken = (request: Request) => readCookie(request, CART_COOKIE)

/** Answers a write with the cart, and renews the cookie (30 days from the last change). */
function respondWithCart(request: Request, { cart, token }: CartWrite) {
  const headers = token ? { 'set-cookie': serializeCookie(request, CART_COOKIE, token, { maxAgeSeconds: CART_COOKIE_MAX_AGE_SECONDS }) } : undefined
  return respond(cartSchema, cart, { headers })
}

function readIdempotencyKey(request: Request) {
  const header = request.headers.get('idempotency-key')
  if (header === null) return undefined
  const result = idempotencyKeySchema.safeParse(header)
  if (!result.success) {
    throw validationError(
      result.error.issues.map((issue) => ({ ...issue, path: ['Idempotency-Key'] })),
      'The Idempotency-Key header must be 8 to 255 printable characters',
    )
  }
  return result.data
}

const lineProductId = ({ params }: ApiContext) => parsePathParams(params, cartLinePathSchema).productId

export const cartApi = {
  // Reading never creates a cart: a browser without the cookie simply has an empty one.
  getCart: ({ db, request }) => respond(cartSchema, findCart(db, cartToken(request))),

  addLine: async ({ db, request }) => {
    const idempotencyKey = readIdempotencyKey(request)
    const input = await parseJsonBody(request, addCartLineInputSchema)
    return respondWithCart(request, addCartLine(db, cartToken(request), input, idempotencyKey))
  },

  setLineQuantity: async (context) => {
    const productId = lineProductId(context)
    const { quantity } = await parseJsonBody(context.request, setCartLineInputSchema)
    return respondWithCart(context.request, setCartLineQuantity(context.db, cartToken(context.request), productId, quantity))
  },

  removeLine: (context) => respondWithCart(context.request, removeCartLine(context.db, cartToken(context.request), lineProductId(context))),
} satisfies Record<string, ApiHandler>
