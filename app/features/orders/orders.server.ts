import { and, asc, desc, eq, inArray } from 'drizzle-orm'
import type { orderLines, orders } from '#db/schema'
import { all, get, read, type Database, type Work } from '#db/work'
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

export function* readOrderLines(orderIds: number[]): Work<Map<number, Order['lines']>> {
  if (orderIds.length === 0) return new Map()
  const rows = yield* all((db, t) =>
    db
      .select()
      .from(t.orderLines)
      .where(inArray(t.orderLines.orderId, orderIds))
      .orderBy(asc(t.orderLines.orderId), asc(t.orderLines.position)),
  )
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

export function* loadOrder(row: OrderRow): Work<Order> {
  return toOrder(row, (yield* readOrderLines([row.id])).get(row.id) ?? [])
}

/** A browser's order list shows this many, newest first: years of a household's shopping. */
export const ORDER_LIST_LIMIT = 100

/** This browser's orders, newest first (at most ORDER_LIST_LIMIT); a browser without the cookie has none. */
export function listOrders(db: Database, token: string | undefined): Promise<Order[]> {
  return read(db, function* () {
    if (!token) return []
    const rows = yield* all((db, t) =>
      db
        .select()
        .from(t.orders)
        .where(eq(t.orders.ownerToken, token))
        .orderBy(desc(t.orders.createdAt), desc(t.orders.id))
        .limit(ORDER_LIST_LIMIT),
    )
    const lines = yield* readOrderLines(rows.map((row) => row.id))
    return rows.map((row) => toOrder(row, lines.get(row.id) ?? []))
  })
}

/** One of this browser's orders. Another browser's order is "not found", exactly like a missing one. */
export function findOrder(db: Database, token: string | undefined, orderNumber: string): Promise<Order> {
  return read(db, function* () {
    const row = token ? yield* get((db, t) => db.select().from(t.orders).where(and(eq(t.orders.number, orderNumber), eq(t.orders.ownerToken, token)))) : undefined
    if (!row) throw new ApiError(404, 'NOT_FOUND', `No order ${orderNumber} in this browser`)
    return yield* loadOrder(row)
  })
}
