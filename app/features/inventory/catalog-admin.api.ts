import type { ApiContext, ApiHandler } from '~/http/api-router'
import { parseJsonBody, parsePathParams, parseQuery, respond, respondCommitted } from '~/http/http'
import { adminCategoryListSchema, adminCategorySchema, adminProductSchema, catalogChangePageSchema, productChangeSchema } from './catalog-admin.answers'
import { adminProductPathSchema, archiveInputSchema, catalogChangesQuerySchema, categoryPathSchema, createCategoryInputSchema, createProductInputSchema, editProductInputSchema, renameCategoryInputSchema } from './catalog-admin.inputs'
import { createCategory, createProduct, editProduct, getAdminProduct, listAdminCategories, listCatalogChanges, renameCategory, setArchived } from './catalog-admin.server'

const productIdOf = ({ params }: ApiContext) => parsePathParams(params, adminProductPathSchema).id

const archiving = (archived: boolean): ApiHandler => async (context) => {
  const admin = await context.requireAdmin()
  const id = productIdOf(context)
  const { version } = await parseJsonBody(context.request, archiveInputSchema)
  return respondCommitted(productChangeSchema, await setArchived(context.db, admin, id, { version, archived }))
}

// Each handler checks the session first, before reading anything the request says.
export const catalogAdminApi = {
  getProduct: async (context) => {
    await context.requireAdmin()
    return respond(adminProductSchema, await getAdminProduct(context.db, productIdOf(context)))
  },

  createProduct: async (context) => {
    const admin = await context.requireAdmin()
    const input = await parseJsonBody(context.request, createProductInputSchema)
    const change = await createProduct(context.db, admin, input)
    return respondCommitted(productChangeSchema, change, { status: 201, headers: { location: `/api/admin/catalog/products/${change.product.id}` } })
  },

  editProduct: async (context) => {
    const admin = await context.requireAdmin()
    const id = productIdOf(context)
    const input = await parseJsonBody(context.request, editProductInputSchema)
    return respondCommitted(productChangeSchema, await editProduct(context.db, admin, id, input))
  },

  archiveProduct: archiving(true),
  restoreProduct: archiving(false),

  listCategories: async (context) => {
    await context.requireAdmin()
    return respond(adminCategoryListSchema, { items: await listAdminCategories(context.db) })
  },

  createCategory: async (context) => {
    const admin = await context.requireAdmin()
    const input = await parseJsonBody(context.request, createCategoryInputSchema)
    return respondCommitted(adminCategorySchema, await createCategory(context.db, admin, input), { status: 201 })
  },

  renameCategory: async (context) => {
    const admin = await context.requireAdmin()
    const { slug } = parsePathParams(context.params, categoryPathSchema)
    const input = await parseJsonBody(context.request, renameCategoryInputSchema)
    return respondCommitted(adminCategorySchema, await renameCategory(context.db, admin, slug, input))
  },

  listChanges: async (context) => {
    await context.requireAdmin()
    return respond(catalogChangePageSchema, { items: await listCatalogChanges(context.db, parseQuery(context.url, catalogChangesQuerySchema)) })
  },
} satisfies Record<string, ApiHandler>
