import { z } from 'zod/mini'
import { MAX_PRICE_CENTS, MAX_STOCK } from '#db/limits'
import { isApiError } from '~/lib/api-error'
import { isPrintable } from '~/lib/printable'
import { pathId, queryInt } from '~/lib/query-params'

/**
 * What an admin sends to create or change a product or a category, and what the server answers:
 * one set of rules for the form (field errors as the admin types) and the API (a 400 naming the
 * field), so the two can never disagree about what is valid.
 */

const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

export const slugSchema = z.string().check(z.trim(), z.minLength(1, 'Give it a web address'), z.maxLength(120), z.regex(SLUG_PATTERN, 'Use lowercase letters, digits and single hyphens'))

const text = (label: string, max: number, { multiline = false } = {}) =>
  z
    .string()
    .check(
      z.trim(),
      z.minLength(1, `${label} cannot be empty`),
      z.maxLength(max, `${label} can be at most ${max} characters`),
      z.refine((value) => isPrintable(multiline ? value.replace(/\r?\n/g, ' ') : value), `Remove the hidden or control characters from the ${label.toLowerCase()}`),
    )

export const productNameSchema = text('Name', 120)
export const descriptionSchema = text('Description', 4_000, { multiline: true })
export const skuSchema = z.pipe(
  z.string().check(z.trim(), z.toUpperCase()),
  z.string().check(z.regex(/^[A-Z0-9][A-Z0-9-]{2,39}$/, 'A SKU is 3 to 40 letters, digits and hyphens')),
)
export const priceCentsSchema = z.number().check(z.int('Give the price in whole cents'), z.minimum(0, 'A price cannot be negative'), z.maximum(MAX_PRICE_CENTS, 'That price is too high'))
export const stockSchema = z.number().check(z.int('Stock is a whole number'), z.minimum(0, 'Stock cannot be negative'), z.maximum(MAX_STOCK, `Stock can be at most ${MAX_STOCK}`))
const version = z.number().check(z.int(), z.positive())
const id = z.number().check(z.int(), z.positive())

export const createProductInputSchema = z.object({
  name: productNameSchema,
  description: descriptionSchema,
  categorySlug: slugSchema,
  sku: skuSchema,
  priceCents: priceCentsSchema,
  stock: stockSchema,
})

/** Any of the product's fields, applied only to the version the admin saw. */
export const editProductInputSchema = z
  .object({
    version,
    name: z.optional(productNameSchema),
    description: z.optional(descriptionSchema),
    slug: z.optional(slugSchema),
    categorySlug: z.optional(slugSchema),
    priceCents: z.optional(priceCentsSchema),
    stock: z.optional(stockSchema),
  })
  .check(
    z.refine((input) => Object.keys(input).some((key) => key !== 'version'), {
      message: 'Send at least one field to change',
      path: ['name'],
    }),
  )

/** Archive (take off sale) or restore: the version the admin saw. */
export const archiveInputSchema = z.object({ version })

export const adminProductSchema = z.object({
  id,
  slug: z.string(),
  sku: z.string(),
  name: z.string(),
  description: z.string(),
  category: z.object({ slug: z.string(), name: z.string() }),
  priceCents: priceCentsSchema,
  stock: stockSchema,
  archived: z.boolean(),
  version,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
})

/** Where the product was before the change: what a cache needs to know which listings it left. */
export const productPlaceSchema = z.object({ slug: z.string(), categorySlug: z.string(), archived: z.boolean() })

/**
 * A product created or changed, as every change of the catalog answers it and as the live event
 * tells open browsers: the product now, and where it was (null for a new product).
 */
export const productChangeSchema = z.object({ product: adminProductSchema, previous: z.nullable(productPlaceSchema) })

export const categoryNameSchema = text('Name', 60)

export const createCategoryInputSchema = z.object({ name: categoryNameSchema, slug: z.optional(slugSchema) })
export const renameCategoryInputSchema = z.object({ name: categoryNameSchema, version })

export const adminCategorySchema = z.object({
  slug: z.string(),
  name: z.string(),
  position: z.number().check(z.int()),
  version,
  productCount: z.number().check(z.int(), z.nonnegative()),
})
export const adminCategoryListSchema = z.object({ items: z.array(adminCategorySchema) })

export const catalogChangeActions = ['create', 'edit', 'move', 'archive', 'restore', 'rename'] as const

export const catalogChangeSchema = z.object({
  id,
  productId: z.nullable(id),
  categorySlug: z.nullable(z.string()),
  action: z.enum(catalogChangeActions),
  actor: z.string(),
  note: z.string(),
  at: z.iso.datetime(),
})
export const catalogChangePageSchema = z.object({ items: z.array(catalogChangeSchema) })

export const catalogChangesQuerySchema = z.object({
  productId: z.optional(queryInt(1, 9_999_999_999)),
  categorySlug: z.optional(slugSchema),
})

export const adminProductPathSchema = z.object({ id: pathId })
export const categoryPathSchema = z.object({ slug: slugSchema })

export type CreateProductInput = z.infer<typeof createProductInputSchema>
export type EditProductInput = z.infer<typeof editProductInputSchema>
export type AdminProduct = z.infer<typeof adminProductSchema>
export type ProductPlace = z.infer<typeof productPlaceSchema>
export type ProductChange = z.infer<typeof productChangeSchema>
export type AdminCategory = z.infer<typeof adminCategorySchema>
export type CatalogChange = z.infer<typeof catalogChangeSchema>

/** The product a 409 VERSION_CONFLICT of a catalog edit carries: as the server has it now. */
export function conflictingProduct(error: unknown): AdminProduct | undefined {
  if (!isApiError(error, 409) || error.code !== 'VERSION_CONFLICT') return undefined
  const parsed = adminProductSchema.safeParse((error.details as { current?: unknown } | undefined)?.current)
  return parsed.success ? parsed.data : undefined
}

/** The category a 409 VERSION_CONFLICT of a rename carries. */
export function conflictingCategory(error: unknown): AdminCategory | undefined {
  if (!isApiError(error, 409) || error.code !== 'VERSION_CONFLICT') return undefined
  const parsed = adminCategorySchema.safeParse((error.details as { current?: unknown } | undefined)?.current)
  return parsed.success ? parsed.data : undefined
}

/** A name made into a web address: "Oak Desk, Wide!" → "oak-desk-wide". Empty when nothing is left. */
export function slugify(name: string) {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
    .replace(/-+$/, '')
}

/** The product form's fields, as typed (and as a form without JavaScript posts them). */
export type ProductFormFields = { name: string; description: string; categorySlug: string; price: string; stock: string; sku?: string; slug?: string }

/** One message per field, named as the form names it. */
export type FieldErrors = Partial<Record<keyof ProductFormFields | 'form', string>>

const formFieldOf: Record<string, keyof ProductFormFields> = { priceCents: 'price' }

/** The first message for each field, from zod's issues or the API's `details` (whose paths are dotted strings). */
export function fieldErrorsOf(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey> | string; message: string }>): FieldErrors {
  const errors: FieldErrors = {}
  for (const issue of issues) {
    const head = String(typeof issue.path === 'string' ? issue.path.split('.')[0] : issue.path[0] ?? 'form')
    const field = (formFieldOf[head] ?? head) as keyof FieldErrors
    errors[field] ??= issue.message
  }
  return errors
}

/** A price typed in dollars ("12", "12.5", "$1,299.00") in cents; undefined when it is not one. */
export function centsFromDollars(typed: string) {
  const clean = typed.trim().replace(/^\$/, '').replace(/,/g, '')
  return /^\d{1,7}(\.\d{1,2})?$/.test(clean) ? Math.round(Number(clean) * 100) : undefined
}

const wholeNumber = (typed: string) => (/^\d{1,7}$/.test(typed.trim()) ? Number(typed.trim()) : undefined)

function readNumbers(fields: ProductFormFields) {
  const priceCents = centsFromDollars(fields.price)
  const stock = wholeNumber(fields.stock)
  const errors: FieldErrors = {}
  if (priceCents === undefined) errors.price = 'Give the price in dollars, like 12.50'
  if (stock === undefined) errors.stock = 'Stock is a whole number, like 12'
  return { priceCents, stock, errors }
}

type FormResult<T> = { input: T; errors?: undefined } | { input?: undefined; errors: FieldErrors }

/** A new product's form, checked by the same schema the API applies. */
export function readCreateForm(fields: ProductFormFields): FormResult<CreateProductInput> {
  const { priceCents, stock, errors } = readNumbers(fields)
  const parsed = createProductInputSchema.safeParse({ name: fields.name, description: fields.description, categorySlug: fields.categorySlug, sku: fields.sku ?? '', priceCents: priceCents ?? 0, stock: stock ?? 0 })
  const all = { ...(parsed.success ? {} : fieldErrorsOf(parsed.error.issues)), ...errors }
  return Object.keys(all).length > 0 || !parsed.success ? { errors: all } : { input: parsed.data }
}

/** An edit form: only the fields that differ from `base` (the product as the admin loaded it), at its version. */
export function readEditForm(fields: ProductFormFields, base: AdminProduct): FormResult<EditProductInput> {
  const { priceCents, stock, errors } = readNumbers(fields)
  const typed = { name: fields.name.trim(), description: fields.description.trim(), slug: (fields.slug ?? base.slug).trim(), categorySlug: fields.categorySlug, priceCents, stock }
  const changed = {
    ...(typed.name === base.name ? {} : { name: typed.name }),
    ...(typed.description === base.description ? {} : { description: typed.description }),
    ...(typed.slug === base.slug ? {} : { slug: typed.slug }),
    ...(typed.categorySlug === base.category.slug ? {} : { categorySlug: typed.categorySlug }),
    ...(priceCents === undefined || priceCents === base.priceCents ? {} : { priceCents }),
    ...(stock === undefined || stock === base.stock ? {} : { stock }),
  }
  if (Object.keys(errors).length > 0) return { errors }
  if (Object.keys(changed).length === 0) return { errors: { form: 'Nothing has changed yet.' } }
  const parsed = editProductInputSchema.safeParse({ ...changed, version: base.version })
  return parsed.success ? { input: parsed.data } : { errors: fieldErrorsOf(parsed.error.issues) }
}
