import { ApiError } from '~/lib/api-error'
import type { ApiHandler } from '~/http/api-router'
import { parseQuery, respond } from '~/http/http'
import {
  categoryListSchema,
  productListQuerySchema,
  productPageSchema,
  productSchema,
  stockBatchSchema,
  stockQuerySchema,
} from './catalog.schemas'
import { findProductBySlug, findStockLevels, listProducts } from './catalog.server'
import { listCategories } from './category-counts.server'

export const catalogApi = {
  listCategories: async ({ db }) => respond(categoryListSchema, { items: await listCategories(db) }),

  listProducts: async ({ db, url }) => respond(productPageSchema, await listProducts(db, parseQuery(url, productListQuerySchema))),

  getProduct: async ({ db, params }) => {
    const product = await findProductBySlug(db, params.slug ?? '')
    if (!product) throw new ApiError(404, 'NOT_FOUND', `No product with slug "${params.slug}"`)
    return respond(productSchema, product)
  },

  getStock: async ({ db, url }) => respond(stockBatchSchema, await findStockLevels(db, parseQuery(url, stockQuerySchema).ids)),
} satisfies Record<string, ApiHandler>
