import { z } from 'zod/mini'
import { MAX_PRICE_CENTS, MAX_STOCK } from '#db/limits'
import { isPrintable } from '~/lib/printable'
import { pathId, queryInt } from '~/lib/query-params'

/**
 * What an admin sends to create or change a product or a category (the answers are in
 * catalog-admin.answers.ts): one set of rules for the form (field errors as the admin types) and the API (a 400 naming the
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
      // Invisible characters alone (a zero-width space) would make an empty heading in the shop.
      z.refine((value) => /[\p{L}\p{N}]/u.test(value), `${label} needs at least one letter or digit`),
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

// Strict: a field the endpoint does not change (a SKU sent to an edit) is refused, not silently dropped.
export const createProductInputSchema = z.strictObject({
  name: productNameSchema,
  description: descriptionSchema,
  categorySlug: slugSchema,
  sku: skuSchema,
  priceCents: priceCentsSchema,
  stock: stockSchema,
})

/** Any of the product's fields, applied only to the version the admin saw. */
export const editProductInputSchema = z
  .strictObject({
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
export const archiveInputSchema = z.strictObject({ version })

export const categoryNameSchema = text('Name', 60)

export const createCategoryInputSchema = z.strictObject({ name: categoryNameSchema, slug: z.optional(slugSchema) })
export const renameCategoryInputSchema = z.strictObject({ name: categoryNameSchema, version })

export const catalogChangesQuerySchema = z.object({
  productId: z.optional(queryInt(1, 9_999_999_999)),
  categorySlug: z.optional(slugSchema),
})

export const adminProductPathSchema = z.object({ id: pathId })
export const categoryPathSchema = z.object({ slug: slugSchema })

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

/**
 * A price typed in dollars ("12", "12.5", "$1,299.00") in cents; undefined when it is not one. A
 * comma only groups thousands: "12,50" (a decimal comma) is refused rather than read as $1,250.
 */
export function centsFromDollars(typed: string) {
  const clean = typed.trim().replace(/^\$/, '')
  if (!/^(\d{1,7}|\d{1,3}(,\d{3}){1,2})(\.\d{1,2})?$/.test(clean)) return undefined
  return Math.round(Number(clean.replace(/,/g, '')) * 100)
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

/** Every field of the product form, in the order the form shows them. */
export const productFormFieldNames = ['name', 'slug', 'sku', 'categorySlug', 'price', 'stock', 'description'] as const satisfies ReadonlyArray<keyof ProductFormFields>

/** The fields whose text (trimmed) differs between two states of the form. */
export const fieldsThatDiffer = (one: ProductFormFields, other: ProductFormFields) =>
  productFormFieldNames.filter((field) => (one[field] ?? '').trim() !== (other[field] ?? '').trim())

/**
 * An edit form: only the fields that differ from `loaded` (the form as it was loaded, at
 * `version`), so a save never sends back a field the admin left alone. Prices and stock compare
 * by value: "12" for a loaded "12.00" is no change.
 */
export function readEditForm(fields: ProductFormFields, loaded: ProductFormFields, version: number): FormResult<EditProductInput> {
  const { priceCents, stock, errors } = readNumbers(fields)
  if (Object.keys(errors).length > 0) return { errors }
  const was = readNumbers(loaded)
  const text = (field: 'name' | 'description' | 'slug' | 'categorySlug') => (fieldsThatDiffer(fields, loaded).includes(field) ? { [field]: (fields[field] ?? '').trim() } : {})
  const changed = {
    ...text('name'),
    ...text('description'),
    ...text('slug'),
    ...text('categorySlug'),
    ...(priceCents === was.priceCents ? {} : { priceCents }),
    ...(stock === was.stock ? {} : { stock }),
  }
  if (Object.keys(changed).length === 0) return { errors: { form: 'Nothing has changed yet.' } }
  const parsed = editProductInputSchema.safeParse({ ...changed, version })
  return parsed.success ? { input: parsed.data } : { errors: fieldErrorsOf(parsed.error.issues) }
}

export type CreateProductInput = z.infer<typeof createProductInputSchema>
export type EditProductInput = z.infer<typeof editProductInputSchema>
