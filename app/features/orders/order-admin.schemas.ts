import { z } from 'zod/mini'
import { queryInt } from '~/lib/query-params'
import { orderSchema } from './orders.schemas'

/** An order as the admin's list shows it: the shopper's order plus who placed it where. */
export const adminOrderSchema = orderSchema

export const adminOrderPageSchema = z.object({
  items: z.array(adminOrderSchema),
  page: z.number().check(z.int(), z.positive()),
  pageSize: z.number().check(z.int(), z.positive()),
  total: z.number().check(z.int(), z.nonnegative()),
})

export const adminOrdersQuerySchema = z.object({
  status: z.optional(z.enum(['placed', 'shipped', 'cancelled'])),
  page: z._default(queryInt(1, 1_000_000), 1),
  pageSize: z._default(queryInt(1, 100), 50),
})

/** A product's stock after a cancellation returned units to it: what the storefront's caches need. */
export const returnedStockSchema = z.object({
  productId: z.number().check(z.int(), z.positive()),
  stock: z.number().check(z.int(), z.nonnegative()),
  version: z.number().check(z.int(), z.positive()),
})

export const cancellationSchema = z.object({ order: adminOrderSchema, stock: z.array(returnedStockSchema) })

export type AdminOrderFilters = z.output<typeof adminOrdersQuerySchema>
export type AdminOrderPage = z.infer<typeof adminOrderPageSchema>
export type Cancellation = z.infer<typeof cancellationSchema>
