import { z } from 'zod/mini'
import type { ApiHandler } from '~/http/api-router'
import { parsePathParams, parseQuery, respond, respondCommitted } from '~/http/http'
import { adminOrderPageSchema, adminOrdersQuerySchema, cancellationSchema } from './order-admin.schemas'
import { cancelOrder, listAllOrders } from './order-admin.server'
import { orderNumberSchema } from './orders.schemas'

const orderPathSchema = z.object({ id: orderNumberSchema })

// Each handler checks the session first, before reading anything the request says.
export const orderAdminApi = {
  list: async (context) => {
    await context.requireAdmin()
    return respond(adminOrderPageSchema, await listAllOrders(context.db, parseQuery(context.url, adminOrdersQuerySchema)))
  },

  cancel: async (context) => {
    const admin = await context.requireAdmin()
    const { id } = parsePathParams(context.params, orderPathSchema)
    return respondCommitted(cancellationSchema, await cancelOrder(context.db, admin, id))
  },
} satisfies Record<string, ApiHandler>
