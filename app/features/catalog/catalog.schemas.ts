import { z } from 'zod'
import { queryInt } from '~/lib/query-params'

export const sortOptions = ['relevance', 'price-asc', 'price-desc', 'newest', 'name'] as const
export type SortOption = (typeof sortOptions)[number]

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Must be a lowercase slug').max(120)

export const isCategorySlug = (value: string) => slug.safeParse(value).success
const cents = z.number().int().nonnegative()
const productId = z.number().int().positive()

export const categorySchema = z.object({ slug, name: z.string() })
export const categoryWithCountSchema = categorySchema.extend({ productCount: z.number().int().nonnegative() })
export const categoryListSchema = z.object({ items: z.array(categoryWithCountSchema) })

export const productSummarySchema = z.object({
  id: productId,
  slug,
  sku: z.string(),
  name: z.string(),
  priceCents: cents,
  currency: z.literal('USD'),
  category: categorySchema,
  stock: z.number().int().nonnegative(),
  imageUrl: z.string(),
})

export const productSchema = productSummarySchema.extend({
  description: z.string(),
  version: z.number().int().positive(),
  updatedAt: z.iso.datetime(),
})

export const productPageSchema = z.object({
  items: z.array(productSummarySchema),
  page: z.number().int().positive(),
  pageSize: z.number().int().positive(),
  total: z.number().int().nonnegative(),
  totalPages: z.number().int().nonnegative(),
})

export const productListQuerySchema = z
  .object({
    q: z.string().trim().max(200).optional(),
    category: slug.optional(),
    minPrice: queryInt(0, 100_000_000).optional(),
    maxPrice: queryInt(0, 100_000_000).optional(),
    inStock: z.stringbool({ truthy: ['true', '1'], falsy: ['false', '0'] }).optional(),
    sort: z.enum(sortOptions).default('relevance'),
    page: queryInt(1, 1_000_000).default(1),
    pageSize: queryInt(1, 100).default(24),
  })
  .refine((query) => query.minPrice === undefined || query.maxPrice === undefined || query.minPrice <= query.maxPrice, {
    message: 'minPrice must not be above maxPrice',
    path: ['minPrice'],
  })

/** The filters of a product listing, with every default filled in: the canonical form for cache keys. */
export type ProductListFilters = {
  q?: string
  category?: string
  minPrice?: number
  maxPrice?: number
  inStock?: boolean
  sort: SortOption
  page: number
  pageSize: number
}

export const stockQuerySchema = z.object({
  ids: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'Must be product ids separated by commas')
    .transform((value) => [...new Set(value.split(',').map(Number))])
    .pipe(z.array(productId).min(1).max(200, 'At most 200 ids at a time')),
})

export const stockLevelSchema = z.object({
  productId,
  stock: z.number().int().nonnegative(),
  version: z.number().int().positive(),
})

export const stockBatchSchema = z.object({
  items: z.array(stockLevelSchema),
  missing: z.array(productId),
})

export type CategoryWithCount = z.infer<typeof categoryWithCountSchema>
export type ProductSummary = z.infer<typeof productSummarySchema>
export type Product = z.infer<typeof productSchema>
export type ProductPage = z.infer<typeof productPageSchema>
export type StockBatch = z.infer<typeof stockBatchSchema>
