import { and, asc, desc, eq, inArray } from 'drizzle-orm'
import type { AppDatabase, AppTransaction } from '#db/connection'
import { orderLines, orders } from '#db/schema'
import { ApiError } from '~/lib/api-error'
import type { Order } from './orders.schemas'

export type OrderRow = typeof orders.$inferSelect

export const toOrderLine = (row: typeof orderLines.$inferSelect): Order['lines'][number] => ({
  productId: row.productId,
  name: row.name,
  unitPriceCents: row.unitPriceCents,
  quantity: row.quantity,
  lineTotalCents: row.unitPriceCents * row.quantity,
})

export function readOrderLines(db: AppDatabase | AppTransaction, orderIds: number[]) {
  if (orderIds.length === 0) return new Map<number, Order['lines']>()
  const rows = db
    .select()
    .from(orderLines)
    .where(inArray(orderLines.orderId, orderIds))
    .orderBy(asc(orderLines.orderId), asc(orderLines.position))
    .all()
  const byOrder = new Map<number, Order['lines']>()
  for (const row of rows) {
    const lines = byOrder.get(row.orderId) ?? []
    lines.push(toOrderLine(row))
    byOrder.set(row.orderId, lines)
  }
  return byOrder
}

export function toOrder(row: OrderRow, lines: Order['lines']): Order {
  return {
    id: row.number,
    number: row.number,
    email: row.email,
    name: row.name,
    address: row.address as Order['address'],
    status: row.status,
    lines,
    itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
    subtotalCents: row.subtotalCents,
    totalCents: row.totalCents,
    currency: 'USD',
    createdAt: new Date(row.createdAt).toISOString(),
  }
}

export function loadOrder(db: AppDatabase | AppTransaction, row: OrderRow): Order {
  return toOrder(row, readOrderLines(db, [row.id]).get(row.id) ?? [])
}

/** A browser's order list shows this many, newest first: years of a household's shopping. */
export const ORDER_LIST_LIMIT = 100

/** This browser's orders, newest first (at most ORDER_LIST_LIMIT); a browser without the cookie has none. */
export function listOrders(db: AppDatabase, token: string | undefined): Order[] {
  if (!token) return []
  const rows = db
    .select()
    .from(orders)
    .where(eq(orders.ownerToken, token))
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(ORDER_LIST_LIMIT)
    .all()
  const lines = readOrderLines(db, rows.map((row) => row.id))
  return rows.map((row) => toOrder(row, lines.get(row.id) ?? []))
}

/** One of this browser's orders. Another browser's order is "not found", exactly like a missing one. */
export function findOrder(db: AppDatabase, token: string | undefined, orderNumber: string): Order {
  const row = token ? db.select().from(orders).where(and(eq(orders.number, orderNumber), eq(orders.ownerToken, token))).get() : undefined
  if (!row) throw new ApiError(404, 'NOT_FOUND', `No order ${orderNumber} in this browser`)
  return loadOrder(db, row)
}
