import { useMutation } from '@tanstack/react-query'
import type { $ZodError } from 'zod/v4/core'
import { apiSend } from '~/lib/api-client'
import type { ApiError, NetworkError } from '~/lib/api-error'
import { catalogAdminKeys } from './catalog-admin.queries'
import { adminCategorySchema, productChangeSchema, type AdminCategory, type ProductChange } from './catalog-admin.answers'
import { type CreateProductInput, type EditProductInput } from './catalog-admin.inputs'

export type CatalogChangeError = ApiError | NetworkError | $ZodError

/*
 * The admin's catalog changes. None is optimistic: each waits for the server, whose answer (the
 * product now and where it was) is what the cascade writes into every cache that shows the
 * product (app/query/mutation-cascade.ts). None is retried: a replay after a lost answer would
 * conflict with itself. Offline, each fails at once (NetworkError) rather than waiting unseen.
 */

export function useCreateProductMutation() {
  return useMutation<ProductChange, CatalogChangeError, CreateProductInput>({
    mutationKey: catalogAdminKeys.createProduct(),
    networkMode: 'always',
    mutationFn: (input) => apiSend('POST', '/api/admin/catalog/products', productChangeSchema, { body: input }),
  })
}

export type EditProductVariables = EditProductInput & { productId: number }

export function useEditProductMutation() {
  return useMutation<ProductChange, CatalogChangeError, EditProductVariables>({
    mutationKey: catalogAdminKeys.editProduct(),
    networkMode: 'always',
    mutationFn: ({ productId, ...body }) => apiSend('PATCH', `/api/admin/catalog/products/${productId}`, productChangeSchema, { body }),
  })
}

export type ArchiveVariables = { productId: number; version: number; archived: boolean }

/** Takes a product off sale (`archived: true`) or puts it back. */
export function useArchiveProductMutation() {
  return useMutation<ProductChange, CatalogChangeError, ArchiveVariables>({
    mutationKey: catalogAdminKeys.archiveProduct(),
    networkMode: 'always',
    mutationFn: ({ productId, version, archived }) =>
      apiSend('POST', `/api/admin/catalog/products/${productId}/${archived ? 'archive' : 'restore'}`, productChangeSchema, { body: { version } }),
  })
}

export function useCreateCategoryMutation() {
  return useMutation<AdminCategory, CatalogChangeError, { name: string; slug?: string }>({
    mutationKey: catalogAdminKeys.createCategory(),
    networkMode: 'always',
    mutationFn: (input) => apiSend('POST', '/api/admin/catalog/categories', adminCategorySchema, { body: input }),
  })
}

export function useRenameCategoryMutation() {
  return useMutation<AdminCategory, CatalogChangeError, { slug: string; name: string; version: number }>({
    mutationKey: catalogAdminKeys.renameCategory(),
    networkMode: 'always',
    mutationFn: ({ slug, ...body }) => apiSend('PATCH', `/api/admin/catalog/categories/${slug}`, adminCategorySchema, { body }),
  })
}
