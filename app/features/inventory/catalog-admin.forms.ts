import { z } from 'zod/mini'
import type { FormAction } from '~/http/form-posts'
import type { FormFields } from '~/http/form-fields'
import { validationError } from '~/http/http'
import { ApiError } from '~/lib/api-error'
import { pathId } from '~/lib/query-params'
import { categoryNameSchema, readCreateForm, readEditForm, slugSchema, type FieldErrors, type ProductFormFields } from './catalog-admin.inputs'
import { createCategory, createProduct, editProduct, getAdminProduct, renameCategory, setArchived } from './catalog-admin.server'

/**
 * The admin's catalog forms without JavaScript: the same functions as the catalog API, fed from the
 * posted fields. A refusal goes back to the form with its message per field and what was typed;
 * a version conflict comes back the same way, with the form now on the current version, so sending
 * it again keeps the admin's values ("keep mine").
 */

const productFields = ['name', 'description', 'categorySlug', 'price', 'stock', 'sku', 'slug'] as const

const typed = (fields: FormFields): ProductFormFields => ({
  name: fields.name ?? '',
  description: fields.description ?? '',
  categorySlug: fields.categorySlug ?? '',
  price: fields.price ?? '',
  stock: fields.stock ?? '',
  sku: fields.sku,
  slug: fields.slug,
})

/** The form's field errors as the API's VALIDATION_ERROR, which the form-post layer hands back per field. */
function refuse(errors: FieldErrors): never {
  const issues = Object.entries(errors).map(([path, message]) => ({ path: path === 'form' ? [] : [path], message: message ?? '', code: 'custom' as const, input: undefined }))
  throw validationError(issues as never, 'Please correct the highlighted details')
}

const idField = (fields: FormFields, name: string) => {
  const parsed = pathId.safeParse(fields[name] ?? '')
  if (!parsed.success) throw new ApiError(400, 'VALIDATION_ERROR', 'This form is out of date: reload the page and send it again')
  return parsed.data
}

const productPage = (fields: FormFields) => (pathId.safeParse(fields.productId ?? '').success ? `/admin/products/${fields.productId}` : '/admin/inventory')

const versionOf = (fields: FormFields) => idField(fields, 'version')

export const catalogAdminForms = {
  createProduct: {
    back: '/admin/products/new',
    keep: productFields,
    handle: ({ db, fields, requireAdmin }) => {
      const admin = requireAdmin()
      const read = readCreateForm(typed(fields))
      if (read.errors) refuse(read.errors)
      const { product } = createProduct(db, admin, read.input)
      return { redirectTo: `/admin/products/${product.id}`, message: `Created ${product.name}.` }
    },
  },
  editProduct: {
    back: productPage,
    keep: productFields,
    handle: ({ db, fields, requireAdmin }) => {
      const admin = requireAdmin()
      const productId = idField(fields, 'productId')
      // Compared with the product as it is now, at the version the form was loaded with: a newer one conflicts.
      const read = readEditForm(typed(fields), { ...getAdminProduct(db, productId), version: versionOf(fields) })
      if (read.errors) refuse(read.errors)
      editProduct(db, admin, productId, read.input)
      return { redirectTo: `/admin/products/${productId}`, message: 'Saved.' }
    },
  },
  archiveProduct: {
    back: productPage,
    handle: ({ db, fields, requireAdmin }) => {
      const admin = requireAdmin()
      const productId = idField(fields, 'productId')
      const archived = z.enum(['true', 'false']).safeParse(fields.archived)
      if (!archived.success) throw new ApiError(400, 'VALIDATION_ERROR', 'This form is out of date: reload the page and send it again')
      const { product } = setArchived(db, admin, productId, { version: versionOf(fields), archived: archived.data === 'true' })
      return { redirectTo: `/admin/products/${productId}`, message: product.archived ? 'Taken off sale.' : 'Back on sale.' }
    },
  },
  createCategory: {
    back: '/admin/categories',
    keep: ['name'],
    handle: ({ db, fields, requireAdmin }) => {
      const admin = requireAdmin()
      const name = categoryNameSchema.safeParse(fields.name ?? '')
      if (!name.success) refuse({ name: name.error.issues[0]?.message })
      const category = createCategory(db, admin, { name: name.data })
      return { redirectTo: '/admin/categories', message: `Created ${category.name} at /categories/${category.slug}.` }
    },
  },
  renameCategory: {
    back: '/admin/categories',
    handle: ({ db, fields, requireAdmin }) => {
      const admin = requireAdmin()
      const slug = slugSchema.safeParse(fields.slug ?? '')
      const name = categoryNameSchema.safeParse(fields.name ?? '')
      if (!slug.success) throw new ApiError(400, 'VALIDATION_ERROR', 'This form is out of date: reload the page and send it again')
      if (!name.success) refuse({ name: name.error.issues[0]?.message })
      const category = renameCategory(db, admin, slug.data, { name: name.data, version: versionOf(fields) })
      return { redirectTo: '/admin/categories', message: `Renamed to ${category.name}.` }
    },
  },
} satisfies Record<string, FormAction>
