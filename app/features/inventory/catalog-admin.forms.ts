import { z } from 'zod/mini'
import type { FormAction } from '~/http/form-posts'
import type { FormFields } from '~/http/form-fields'
import { validationError } from '~/http/http'
import { ApiError } from '~/lib/api-error'
import { pathId } from '~/lib/query-params'
import { categoryNameSchema, fieldsThatDiffer, productFormFieldNames, readCreateForm, readEditForm, slugSchema, type FieldErrors, type ProductFormFields } from './catalog-admin.inputs'
import { createCategory, createProduct, editProduct, renameCategory, setArchived } from './catalog-admin.server'

/**
 * The admin's catalog forms without JavaScript: the same functions as the catalog API, fed from the
 * posted fields. A refusal goes back to the form with its message per field and what was typed;
 * a version conflict comes back the same way, with the form now on the current version, so sending
 * it again keeps the admin's values ("keep mine").
 */

/**
 * The product form's fields as posted, or (`prefix` "base.") as the form was loaded. A browser
 * posts a textarea's line breaks as CRLF: read as LF, as the page shows them and the database keeps them.
 */
const typed = (fields: FormFields, prefix = ''): ProductFormFields => ({
  name: fields[`${prefix}name`] ?? '',
  description: (fields[`${prefix}description`] ?? '').replace(/\r\n?/g, '\n'),
  categorySlug: fields[`${prefix}categorySlug`] ?? '',
  price: fields[`${prefix}price`] ?? '',
  stock: fields[`${prefix}stock`] ?? '',
  sku: fields[`${prefix}sku`],
  slug: fields[`${prefix}slug`],
})

/** The fields the admin changed from what the form was loaded with: all that a save sends, and all a refusal gives back. */
const changedFields = (fields: FormFields) => fieldsThatDiffer(typed(fields), typed(fields, 'base.'))

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
    keep: productFormFieldNames,
    handle: async ({ db, fields, requireAdmin }) => {
      const admin = await requireAdmin()
      const read = readCreateForm(typed(fields))
      if (read.errors) refuse(read.errors)
      const { product } = await createProduct(db, admin, read.input)
      return { redirectTo: `/admin/products/${product.id}`, message: `Created ${product.name}.` }
    },
  },
  editProduct: {
    back: productPage,
    // After a refusal (a conflict among them) the page shows the product as it is now, with only
    // the admin's own changes on it: sending it again saves just those ("keep mine").
    keep: changedFields,
    handle: async ({ db, fields, requireAdmin }) => {
      const admin = await requireAdmin()
      const productId = idField(fields, 'productId')
      // What differs from the form as it was loaded (its hidden base.* fields), at the version it names.
      const read = readEditForm(typed(fields), typed(fields, 'base.'), versionOf(fields))
      if (read.errors) refuse(read.errors)
      await editProduct(db, admin, productId, read.input)
      return { redirectTo: `/admin/products/${productId}`, message: 'Saved.' }
    },
  },
  archiveProduct: {
    back: productPage,
    handle: async ({ db, fields, requireAdmin }) => {
      const admin = await requireAdmin()
      const productId = idField(fields, 'productId')
      const archived = z.enum(['true', 'false']).safeParse(fields.archived)
      if (!archived.success) throw new ApiError(400, 'VALIDATION_ERROR', 'This form is out of date: reload the page and send it again')
      const { product } = await setArchived(db, admin, productId, { version: versionOf(fields), archived: archived.data === 'true' })
      return { redirectTo: `/admin/products/${productId}`, message: product.archived ? 'Taken off sale.' : 'Back on sale.' }
    },
  },
  createCategory: {
    back: '/admin/categories',
    keep: ['name', 'slug'],
    handle: async ({ db, fields, requireAdmin }) => {
      const admin = await requireAdmin()
      const name = categoryNameSchema.safeParse(fields.name ?? '')
      if (!name.success) refuse({ name: name.error.issues[0]?.message })
      const typedSlug = fields.slug?.trim()
      const slug = typedSlug ? slugSchema.safeParse(typedSlug) : undefined
      if (slug && !slug.success) refuse({ slug: slug.error.issues[0]?.message })
      const category = await createCategory(db, admin, { name: name.data, ...(slug?.success ? { slug: slug.data } : {}) })
      return { redirectTo: '/admin/categories', message: `Created ${category.name} at /categories/${category.slug}.` }
    },
  },
  renameCategory: {
    back: '/admin/categories',
    handle: async ({ db, fields, requireAdmin }) => {
      const admin = await requireAdmin()
      const slug = slugSchema.safeParse(fields.slug ?? '')
      const name = categoryNameSchema.safeParse(fields.name ?? '')
      if (!slug.success) throw new ApiError(400, 'VALIDATION_ERROR', 'This form is out of date: reload the page and send it again')
      if (!name.success) refuse({ name: name.error.issues[0]?.message })
      const category = await renameCategory(db, admin, slug.data, { name: name.data, version: versionOf(fields) })
      return { redirectTo: '/admin/categories', message: `Renamed to ${category.name}.` }
    },
  },
} satisfies Record<string, FormAction>
