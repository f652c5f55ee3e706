import { z } from 'zod/mini'
import { versionConflictCurrent } from '~/lib/api-error'

/**
 * What the server answers about the admin's catalog, and what its live `product` and `category`
 * events carry: every open browser parses these, a shopper's too, so this file holds the answers
 * alone. What an admin sends, and the form's rules, are in catalog-admin.inputs.ts (admin pages
 * and the server only).
 */

const id = z.number().check(z.int(), z.positive())
const version = z.number().check(z.int(), z.positive())
const wholeNumber = z.number().check(z.int(), z.nonnegative())

export const adminProductSchema = z.object({
  id,
  slug: z.string(),
  sku: z.string(),
  name: z.string(),
  description: z.string(),
  category: z.object({ slug: z.string(), name: z.string() }),
  priceCents: wholeNumber,
  stock: wholeNumber,
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

export type AdminProduct = z.infer<typeof adminProductSchema>
export type ProductPlace = z.infer<typeof productPlaceSchema>
export type ProductChange = z.infer<typeof productChangeSchema>
export type AdminCategory = z.infer<typeof adminCategorySchema>
export type CatalogChange = z.infer<typeof catalogChangeSchema>

/** The product a 409 VERSION_CONFLICT of a catalog edit carries: as the server has it now. */
export const conflictingProduct = (error: unknown): AdminProduct | undefined => versionConflictCurrent(error, adminProductSchema)

/** The category a 409 VERSION_CONFLICT of a rename carries. */
export const conflictingCategory = (error: unknown): AdminCategory | undefined => versionConflictCurrent(error, adminCategorySchema)
