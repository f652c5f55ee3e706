import type { ApiHandler } from '~/http/api-router'
import { parseJsonBody, readIdempotencyKey, respondCommitted } from '~/http/http'
import { cartCookieHeader, readCartToken } from '~/http/shopper-cookie'
import { placeOrder } from './checkout.server'
import { checkoutInputSchema, orderSchema } from './orders.schemas'

export const checkoutApi = {
  // The key is required: an order without one could be placed twice by any retry.
  placeOrder: async ({ db, request }) => {
    const idempotencyKey = readIdempotencyKey(request, { required: true })
    const input = await parseJsonBody(request, checkoutInputSchema)
    const { order, replayed, token } = await placeOrder(db, readCartToken(request), input, idempotencyKey)
    // The same answer for a replay as for the first request, marked so a script can tell them apart.
    const headers = { ...cartCookieHeader(request, token), ...(replayed ? { 'idempotent-replayed': 'true' } : {}) }
    return respondCommitted(orderSchema, order, { status: 201, headers })
  },
} satisfies Record<string, ApiHandler>
