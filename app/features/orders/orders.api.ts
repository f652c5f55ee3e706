import { parsePathParams, respond } from '~/http/http'
import { z } from 'zod/mini'
import type { ApiHandler } from '~/http/api-router'
import { readCartToken } from '~/http/shopper-cookie'
import { orderListSchema, orderNumberSchema, orderSchema } from './orders.schemas'
import { findOrder, listOrders } from './orders.server'

const orderPathSchema = z.object({ id: orderNumberSchema })

export const ordersApi = {
  list: ({ db, request }) => respond(orderListSchema, { items: listOrders(db, readCartToken(request)) }),

  get: ({ db, request, params }) => respond(orderSchema, findOrder(db, readCartToken(request), parsePathParams(params, orderPathSchema).id)),
} satisfies Record<string, ApiHandler>
