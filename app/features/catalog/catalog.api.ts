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
  listCategories: ({ db }) => respond(categoryListSchema, { items: listCategories(db) }),

  listProducts: ({ db, url }) => respond(productPageSchema, listProducts(db, parseQuery(url, productListQuerySchema))),

  getProduct: ({ db, params }) => {
    const product = findProductBySlug(db, params.slug ?? '')
    if (!product) throw new ApiError(404, 'NOT_FOUND', `No product with slug "${params.slug}"`)
    return respond(productSchema, product)
  },

  getStock: ({ db, url }) => respond(stockBatchSchema, findStockLevels(db, parseQuery(url, stockQuerySchema).ids)),
} satisfies Record<string, ApiHandler>
