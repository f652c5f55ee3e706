import { z } from 'zod/mini'
import { queryInt } from '~/lib/query-params'

export const sortOptions = ['relevance', 'price-asc', 'price-desc', 'newest', 'name'] as const
export type SortOption = (typeof sortOptions)[number]

const slug = z.string().check(z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Must be a lowercase slug'), z.maxLength(120))

export const isCategorySlug = (value: string) => slug.safeParse(value).success
const cents = z.number().check(z.int(), z.nonnegative())
const productId = z.number().check(z.int(), z.positive())

export const categorySchema = z.object({ slug, name: z.string() })
export const categoryWithCountSchema = z.extend(categorySchema, { productCount: z.number().check(z.int(), z.nonnegative()) })
export const categoryListSchema = z.object({ items: z.array(categoryWithCountSchema) })

export const productSummarySchema = z.object({
  id: productId,
  slug,
  sku: z.string(),
  name: z.string(),
  priceCents: cents,
  currency: z.literal('USD'),
  category: categorySchema,
  stock: z.number().check(z.int(), z.nonnegative()),
  imageUrl: z.string(),
})

export const productSchema = z.extend(productSummarySchema, {
  description: z.string(),
  /** Taken off sale: the page still answers (links and orders point to it), but it cannot be bought. */
  archived: z.boolean(),
  version: z.number().check(z.int(), z.positive()),
  updatedAt: z.iso.datetime(),
})

export const productPageSchema = z.object({
  items: z.array(productSummarySchema),
  page: z.number().check(z.int(), z.positive()),
  pageSize: z.number().check(z.int(), z.positive()),
  total: z.number().check(z.int(), z.nonnegative()),
  totalPages: z.number().check(z.int(), z.nonnegative()),
})

export const productListQuerySchema = z
  .object({
    q: z.optional(z.string().check(z.trim(), z.maxLength(200))),
    category: z.optional(slug),
    minPrice: z.optional(queryInt(0, 100_000_000)),
    maxPrice: z.optional(queryInt(0, 100_000_000)),
    inStock: z.optional(z.stringbool({ truthy: ['true', '1'], falsy: ['false', '0'] })),
    sort: z._default(z.enum(sortOptions), 'relevance'),
    page: z._default(queryInt(1, 1_000_000), 1),
    pageSize: z._default(queryInt(1, 100), 24),
  })
  .check(
    z.refine((query) => query.minPrice === undefined || query.maxPrice === undefined || query.minPrice <= query.maxPrice, {
      message: 'minPrice must not be above maxPrice',
      path: ['minPrice'],
    }),
  )

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
  ids: z.pipe(
    z.pipe(
      z.string().check(z.regex(/^\d+(,\d+)*$/, 'Must be product ids separated by commas')),
      z.transform((value) => [...new Set(value.split(',').map(Number))]),
    ),
    z.array(productId).check(z.minLength(1), z.maxLength(200, 'At most 200 ids at a time')),
  ),
})

export const stockLevelSchema = z.object({
  productId,
  stock: z.number().check(z.int(), z.nonnegative()),
  version: z.number().check(z.int(), z.positive()),
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
