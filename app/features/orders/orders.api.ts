import { parsePathParams, respond } from '~/http/http'
import { z } from 'zod/mini'
import type { ApiHandler } from '~/http/api-router'
import { readCartToken } from '~/http/shopper-cookie'
import { orderListSchema, orderNumberSchema, orderSchema } from './orders.schemas'
import { findOrder, listOrders } from './orders.server'

const orderPathSchema = z.object({ id: orderNumberSchema })

export const ordersApi = {
  list: async ({ db, request }) => respond(orderListSchema, { items: await listOrders(db, readCartToken(request)) }),

  get: async ({ db, request, params }) => respond(orderSchema, await findOrder(db, readCartToken(request), parsePathParams(params, orderPathSchema).id)),
} satisfies Record<string, ApiHandler>
