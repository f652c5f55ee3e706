import type { ApiContext, ApiHandler } from '~/http/api-router'
import { parseJsonBody, parsePathParams, parseQuery, respond, respondCommitted } from '~/http/http'
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
    context.requireAdmin()
    return respond(inventoryPageSchema, listInventory(context.db, parseQuery(context.url, inventoryQuerySchema)))
  },

  update: async (context) => {
    const admin = context.requireAdmin()
    const productId = productIdOf(context)
    const input = await parseJsonBody(context.request, updateProductInputSchema)
    return respondCommitted(inventoryRowSchema, updateProduct(context.db, admin, productId, input))
  },

  restock: async (context) => {
    const admin = context.requireAdmin()
    const productId = productIdOf(context)
    const input = await parseJsonBody(context.request, restockInputSchema)
    return respondCommitted(inventoryRowSchema, restockProduct(context.db, admin, productId, input))
  },

  stockMovements: (context) => {
    context.requireAdmin()
    return respond(stockMovementPageSchema, listStockMovements(context.db, parseQuery(context.url, stockMovementsQuerySchema)))
  },
} satisfies Record<string, ApiHandler>
