import { requireAdmin } from '~/server/admin-auth'
import type { ApiContext, ApiHandler } from '~/server/api-router'
import { parseJsonBody, parsePathParams, parseQuery, respond, respondCommitted } from '~/server/http'
import {
  inventoryPageSchema,
  inventoryQuerySchema,
  inventoryRowSchema,
  productIdPathSchema,
  restockInputSchema,
  stockMovementPageSchema,
  stockMovementsQuerySchema,
  updateProductInputSchema,
} from './inventory.schemas'
import { listInventory, listStockMovements, restockProduct, updateProduct } from './inventory.server'

const productIdOf = ({ params }: ApiContext) => parsePathParams(params, productIdPathSchema).id

// Each handler checks the session first, before reading anything the request says.
export const inventoryApi = {
  list: (context) => {
    requireAdmin(context)
    return respond(inventoryPageSchema, listInventory(context.db, parseQuery(context.url, inventoryQuerySchema)))
  },

  update: async (context) => {
    const admin = requireAdmin(context)
    const productId = productIdOf(context)
    const input = await parseJsonBody(context.request, updateProductInputSchema)
    return respondCommitted(inventoryRowSchema, updateProduct(context.db, admin, productId, input))
  },

  restock: async (context) => {
    const admin = requireAdmin(context)
    const productId = productIdOf(context)
    const input = await parseJsonBody(context.request, restockInputSchema)
    return respondCommitted(inventoryRowSchema, restockProduct(context.db, admin, productId, input))
  },

  stockMovements: (context) => {
    requireAdmin(context)
    return respond(stockMovementPageSchema, listStockMovements(context.db, parseQuery(context.url, stockMovementsQuerySchema)))
  },
} satisfies Record<string, ApiHandler>
