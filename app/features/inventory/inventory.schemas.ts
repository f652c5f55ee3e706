import { isApiError } from '~/lib/api-error'
import { z } from 'zod'
import { MAX_PRICE_CENTS, MAX_STOCK } from '#db/limits'
import { isPrintable } from '~/lib/printable'
import { pathId, queryInt } from '~/lib/query-params'

export const inventorySortOptions = ['name', 'stock', 'price', 'updated'] as const
export type InventorySort = (typeof inventorySortOptions)[number]

/** A grid page holds at most this many rows; the grid asks for them a page at a time as it scrolls. */
export const MAX_INVENTORY_PAGE_SIZE = 500

export const inventoryQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  lowStock: queryInt(0, MAX_STOCK).optional(),
  sort: z.enum(inventorySortOptions).default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
  page: queryInt(1, 1_000_000).default(1),
  pageSize: queryInt(1, MAX_INVENTORY_PAGE_SIZE).default(100),
})

export type InventoryFilters = z.output<typeof inventoryQuerySchema>

const stock = z.number().int().min(0).max(MAX_STOCK)
const priceCents = z.number().int().min(0).max(MAX_PRICE_CENTS)

export const inventoryRowSchema = z.object({
  productId: z.number().int().positive(),
  sku: z.string(),
  name: z.string(),
  stock,
  priceCents,
  version: z.number().int().positive(),
  updatedAt: z.iso.datetime(),
})

export const inventoryPageSchema = z.object({
  items: z.array(inventoryRowSchema),
  page: z.number().int().positive(),
  pageSize: z.number().int().positive(),
  total: z.number().int().nonnegative(),
})

export const updateProductInputSchema = z
  .object({ stock: stock.optional(), priceCents: priceCents.optional(), version: z.number().int().positive() })
  .refine((input) => input.stock !== undefined || input.priceCents !== undefined, { message: 'Send stock, priceCents or both', path: ['stock'] })

/** The most one restock may add or take away: a delivery, not a typo. */
export const MAX_RESTOCK_DELTA = MAX_STOCK

export const restockInputSchema = z.object({
  delta: z
    .number()
    .int()
    .min(-MAX_RESTOCK_DELTA)
    .max(MAX_RESTOCK_DELTA)
    .refine((delta) => delta !== 0, 'A restock changes the stock: the delta cannot be 0'),
  reason: z
    .string()
    .trim()
    .min(1, 'Say why the stock changes')
    .max(200)
    .refine(isPrintable, 'Remove the hidden or control characters from the reason'),
})

export const productIdPathSchema = z.object({ id: pathId })

export const stockMovementsQuerySchema = z.object({
  productId: queryInt(1, 9_999_999_999).optional(),
  page: queryInt(1, 1_000_000).default(1),
  pageSize: queryInt(1, 200).default(50),
})

export const stockMovementSchema = z.object({
  id: z.number().int().positive(),
  productId: z.number().int().positive(),
  delta: z.number().int(),
  reason: z.enum(['sale', 'restock', 'adjustment', 'cancellation']),
  actor: z.string(),
  note: z.string().nullable(),
  at: z.iso.datetime(),
})

export const stockMovementPageSchema = z.object({
  items: z.array(stockMovementSchema),
  page: z.number().int().positive(),
  pageSize: z.number().int().positive(),
  total: z.number().int().nonnegative(),
})

export type InventoryRow = z.infer<typeof inventoryRowSchema>
export type InventoryPage = z.infer<typeof inventoryPageSchema>
export type UpdateProductInput = z.infer<typeof updateProductInputSchema>
export type RestockInput = z.infer<typeof restockInputSchema>
export type StockMovementPage = z.infer<typeof stockMovementPageSchema>

/** The row a 409 VERSION_CONFLICT carries: the product as the server has it now. */
export function conflictingRow(error: unknown): InventoryRow | undefined {
  if (!isApiError(error, 409) || error.code !== 'VERSION_CONFLICT') return undefined
  const parsed = inventoryRowSchema.safeParse((error.details as { current?: unknown } | undefined)?.current)
  return parsed.success ? parsed.data : undefined
}
