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
  list: async (context) => {
    await context.requireAdmin()
    return respond(inventoryPageSchema, await listInventory(context.db, parseQuery(context.url, inventoryQuerySchema)))
  },

  update: async (context) => {
    const admin = await context.requireAdmin()
    const productId = productIdOf(context)
    const input = await parseJsonBody(context.request, updateProductInputSchema)
    return respondCommitted(inventoryRowSchema, await updateProduct(context.db, admin, productId, input))
  },

  restock: async (context) => {
    const admin = await context.requireAdmin()
    const productId = productIdOf(context)
    const input = await parseJsonBody(context.request, restockInputSchema)
    return respondCommitted(inventoryRowSchema, await restockProduct(context.db, admin, productId, input))
  },

  stockMovements: async (context) => {
    await context.requireAdmin()
    return respond(stockMovementPageSchema, await listStockMovements(context.db, parseQuery(context.url, stockMovementsQuerySchema)))
  },
} satisfies Record<string, ApiHandler>
