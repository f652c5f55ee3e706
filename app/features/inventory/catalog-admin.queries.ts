import { queryOptions } from '@tanstack/react-query'
import { apiGet, withQuery } from '~/lib/api-client'
import { tierOptions } from '~/lib/cache-tiers'
import { adminCategoryListSchema, adminProductSchema, catalogChangePageSchema } from './catalog-admin.answers'

/** The admin's catalog: under ['admin'], so signing out removes every entry at once. */
export const catalogAdminKeys = {
  all: ['admin', 'catalog'] as const,
  products: () => [...catalogAdminKeys.all, 'product'] as const,
  product: (productId: number) => [...catalogAdminKeys.products(), productId] as const,
  categories: () => [...catalogAdminKeys.all, 'categories'] as const,
  changes: () => [...catalogAdminKeys.all, 'changes'] as const,
  productChanges: (productId: number) => [...catalogAdminKeys.changes(), { productId }] as const,
  createProduct: () => [...catalogAdminKeys.all, 'create-product'] as const,
  editProduct: () => [...catalogAdminKeys.all, 'edit-product'] as const,
  archiveProduct: () => [...catalogAdminKeys.all, 'archive-product'] as const,
  createCategory: () => [...catalogAdminKeys.all, 'create-category'] as const,
  renameCategory: () => [...catalogAdminKeys.all, 'rename-category'] as const,
}

export const catalogAdminQueries = {
  /** One product with every field an admin edits; live product events and the admin's own answers rewrite it. */
  product: (productId: number) =>
    queryOptions({
      queryKey: catalogAdminKeys.product(productId),
      queryFn: ({ signal }) => apiGet(`/api/admin/catalog/products/${productId}`, adminProductSchema, { signal }),
      ...tierOptions('admin', { pushed: true }),
    }),

  /** Every category with its count of products on sale. */
  categories: () =>
    queryOptions({
      queryKey: catalogAdminKeys.categories(),
      queryFn: ({ signal }) => apiGet('/api/admin/catalog/categories', adminCategoryListSchema, { signal }).then((data) => data.items),
      ...tierOptions('admin', { pushed: true }),
    }),

  /** A product's entries in the catalog's audit trail, newest first. */
  productChanges: (productId: number) =>
    queryOptions({
      queryKey: catalogAdminKeys.productChanges(productId),
      queryFn: ({ signal }) => apiGet(withQuery('/api/admin/catalog/changes', { productId }), catalogChangePageSchema, { signal }).then((data) => data.items),
      ...tierOptions('admin'),
    }),
}
