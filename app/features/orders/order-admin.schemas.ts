import { z } from 'zod'
import { queryInt } from '~/lib/query-params'
import { orderSchema } from './orders.schemas'

/** An order as the admin's list shows it: the shopper's order plus who placed it where. */
export const adminOrderSchema = orderSchema

export const adminOrderPageSchema = z.object({
  items: z.array(adminOrderSchema),
  page: z.number().int().positive(),
  pageSize: z.number().int().positive(),
  total: z.number().int().nonnegative(),
})

export const adminOrdersQuerySchema = z.object({
  status: z.enum(['placed', 'shipped', 'cancelled']).optional(),
  page: queryInt(1, 1_000_000).default(1),
  pageSize: queryInt(1, 100).default(50),
})

/** A product's stock after a cancellation returned units to it: what the storefront's caches need. */
export const returnedStockSchema = z.object({
  productId: z.number().int().positive(),
  stock: z.number().int().nonnegative(),
  version: z.number().int().positive(),
})

export const cancellationSchema = z.object({ order: adminOrderSchema, stock: z.array(returnedStockSchema) })

export type AdminOrderFilters = z.output<typeof adminOrdersQuerySchema>
export type AdminOrderPage = z.infer<typeof adminOrderPageSchema>
export type Cancellation = z.infer<typeof cancellationSchema>
