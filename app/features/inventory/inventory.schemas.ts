import { versionConflictCurrent } from '~/lib/api-error'
import { z } from 'zod/mini'
import { MAX_PRICE_CENTS, MAX_STOCK } from '#db/limits'
import { isPrintable } from '~/lib/printable'
import { pathId, queryInt } from '~/lib/query-params'

export const inventorySortOptions = ['name', 'stock', 'price', 'updated'] as const
export type InventorySort = (typeof inventorySortOptions)[number]

/** A grid page holds at most this many rows; the grid asks for them a page at a time as it scrolls. */
export const MAX_INVENTORY_PAGE_SIZE = 500

export const inventoryQuerySchema = z.object({
  q: z.optional(z.string().check(z.trim(), z.maxLength(200))),
  lowStock: z.optional(queryInt(0, MAX_STOCK)),
  sort: z._default(z.enum(inventorySortOptions), 'name'),
  order: z._default(z.enum(['asc', 'desc']), 'asc'),
  page: z._default(queryInt(1, 1_000_000), 1),
  pageSize: z._default(queryInt(1, MAX_INVENTORY_PAGE_SIZE), 100),
})

export type InventoryFilters = z.output<typeof inventoryQuerySchema>

const stock = z.number().check(z.int(), z.minimum(0), z.maximum(MAX_STOCK))
const priceCents = z.number().check(z.int(), z.minimum(0), z.maximum(MAX_PRICE_CENTS))

export const inventoryRowSchema = z.object({
  productId: z.number().check(z.int(), z.positive()),
  sku: z.string(),
  name: z.string(),
  stock,
  priceCents,
  version: z.number().check(z.int(), z.positive()),
  updatedAt: z.iso.datetime(),
})

export const inventoryPageSchema = z.object({
  items: z.array(inventoryRowSchema),
  page: z.number().check(z.int(), z.positive()),
  pageSize: z.number().check(z.int(), z.positive()),
  total: z.number().check(z.int(), z.nonnegative()),
})

export const updateProductInputSchema = z
  .object({ stock: z.optional(stock), priceCents: z.optional(priceCents), version: z.number().check(z.int(), z.positive()) })
  .check(z.refine((input) => input.stock !== undefined || input.priceCents !== undefined, { message: 'Send stock, priceCents or both', path: ['stock'] }))

/** The most one restock may add or take away: a delivery, not a typo. */
export const MAX_RESTOCK_DELTA = MAX_STOCK

export const restockInputSchema = z.object({
  delta: z
    .number()
    .check(
      z.int(),
      z.minimum(-MAX_RESTOCK_DELTA),
      z.maximum(MAX_RESTOCK_DELTA),
      z.refine((delta) => delta !== 0, 'A restock changes the stock: the delta cannot be 0'),
    ),
  reason: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, 'Say why the stock changes'),
      z.maxLength(200),
      z.refine(isPrintable, 'Remove the hidden or control characters from the reason'),
    ),
})

export const productIdPathSchema = z.object({ id: pathId })

export const stockMovementsQuerySchema = z.object({
  productId: z.optional(queryInt(1, 9_999_999_999)),
  page: z._default(queryInt(1, 1_000_000), 1),
  pageSize: z._default(queryInt(1, 200), 50),
})

export const stockMovementSchema = z.object({
  id: z.number().check(z.int(), z.positive()),
  productId: z.number().check(z.int(), z.positive()),
  delta: z.number().check(z.int()),
  reason: z.enum(['sale', 'restock', 'adjustment', 'cancellation']),
  actor: z.string(),
  note: z.nullable(z.string()),
  at: z.iso.datetime(),
})

export const stockMovementPageSchema = z.object({
  items: z.array(stockMovementSchema),
  page: z.number().check(z.int(), z.positive()),
  pageSize: z.number().check(z.int(), z.positive()),
  total: z.number().check(z.int(), z.nonnegative()),
})

export type InventoryRow = z.infer<typeof inventoryRowSchema>
export type InventoryPage = z.infer<typeof inventoryPageSchema>
export type UpdateProductInput = z.infer<typeof updateProductInputSchema>
export type RestockInput = z.infer<typeof restockInputSchema>
export type StockMovementPage = z.infer<typeof stockMovementPageSchema>

/** The row a 409 VERSION_CONFLICT carries: the product as the server has it now. */
export const conflictingRow = (error: unknown): InventoryRow | undefined => versionConflictCurrent(error, inventoryRowSchema)
