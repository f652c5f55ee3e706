import { parseJsonBody, parsePathParams, readIdempotencyKey, respond, respondCommitted } from '~/http/http'
import { z } from 'zod'
import type { ApiHandler } from '~/http/api-router'
import { cartCookieHeader, readCartToken } from '~/http/shopper-cookie'
import { checkoutInputSchema, orderListSchema, orderNumberSchema, orderSchema } from './orders.schemas'
import { findOrder, listOrders, placeOrder } from './orders.server'

const orderPathSchema = z.object({ id: orderNumberSchema })

export const ordersApi = {
  // The key is required: an order without one could be placed twice by any retry.
  checkout: async ({ db, request }) => {
    const idempotencyKey = readIdempotencyKey(request, { required: true })
    const input = await parseJsonBody(request, checkoutInputSchema)
    const { order, replayed, token } = placeOrder(db, readCartToken(request), input, idempotencyKey)
    // The same answer for a replay as for the first request, marked so a script can tell them apart.
    const headers = { ...cartCookieHeader(request, token), ...(replayed ? { 'idempotent-replayed': 'true' } : {}) }
    return respondCommitted(orderSchema, order, { status: 201, headers })
  },

  list: ({ db, request }) => respond(orderListSchema, { items: listOrders(db, readCartToken(request)) }),

  get: ({ db, request, params }) => respond(orderSchema, findOrder(db, readCartToken(request), parsePathParams(params, orderPathSchema).id)),
} satisfies Record<string, ApiHandler>
