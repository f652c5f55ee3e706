import { count, desc, eq, inArray, sql } from 'drizzle-orm'
import { MAX_STOCK } from '#db/limits'
import { all, allForUpdate, get, getForUpdate, read, run, transact, type Database, type Tables } from '#db/work'
import { ApiError } from '~/lib/api-error'
import { stockLimitExceeded } from '~/lib/stock-limit'
import { inventoryColumns, stockChangeEvents, type InventoryColumns } from '~/live/change-events'
import { eventBusFor } from '~/live/event-bus'
import type { AdminOrderFilters, AdminOrderPage, Cancellation } from './order-admin.schemas'
import { loadOrder, readOrderLines, toOrder } from './orders.server'

/** Every browser's orders, newest first, for the admin's order list. */
export function listAllOrders(db: Database, filters: AdminOrderFilters): Promise<AdminOrderPage> {
  return read(db, function* () {
    const where = ({ orders }: Tables) => (filters.status ? eq(orders.status, filters.status) : undefined)
    const total = (yield* get((db, t) => db.select({ total: count() }).from(t.orders).where(where(t))))?.total ?? 0
    const rows = yield* all((db, t) =>
      db
        .select()
        .from(t.orders)
        .where(where(t))
        .orderBy(desc(t.orders.createdAt), desc(t.orders.id))
        .limit(filters.pageSize)
        .offset((filters.page - 1) * filters.pageSize),
    )
    const lines = yield* readOrderLines(rows.map((row) => row.id))
    return { items: rows.map((row) => toOrder(row, lines.get(row.id) ?? [])), page: filters.page, pageSize: filters.pageSize, total }
  })
}

/**
 * Cancels a placed order, all or nothing, in one transaction: every line's units go back to its
 * product (version bumped, one `cancellation` movement each, the admin as actor) and the order is
 * marked cancelled. Checked before anything is written, with the order's and its products' rows
 * locked: the order exists, is still placed (a second cancel is refused, so stock returns once),
 * and no product would pass MAX_STOCK.
 */
export async function cancelOrder(db: Database, admin: { email: string }, orderNumber: string): Promise<Cancellation> {
  const now = Date.now()
  const { cancellation, returned } = await transact(db, function* () {
    const row = yield* getForUpdate((db, t) => db.select().from(t.orders).where(eq(t.orders.number, orderNumber)))
    if (!row) throw new ApiError(404, 'NOT_FOUND', `No order ${orderNumber}`)
    if (row.status !== 'placed') {
      throw new ApiError(409, 'ORDER_NOT_CANCELLABLE', `Order ${orderNumber} is ${row.status}; only a placed order can be cancelled`, { status: row.status })
    }
    const lines = (yield* readOrderLines([row.id])).get(row.id) ?? []
    const ids = lines.map((line) => line.productId)
    const stockNow = new Map((yield* allForUpdate((db, t) => db.select({ id: t.products.id, stock: t.products.stock }).from(t.products).where(inArray(t.products.id, ids)))).map((p) => [p.id, p.stock]))
    for (const line of lines) {
      const stock = stockNow.get(line.productId) ?? 0
      if (stock + line.quantity > MAX_STOCK) throw stockLimitExceeded(line.productId, stock, line.quantity)
    }
    // Checked above within this transaction; the CHECK constraint is the last guard.
    const returned: InventoryColumns[] = []
    for (const line of lines) {
      const product = yield* get((db, t) =>
        db
          .update(t.products)
          .set({ stock: sql`${t.products.stock} + ${line.quantity}`, version: sql`${t.products.version} + 1`, updatedAt: now })
          .where(eq(t.products.id, line.productId))
          .returning(inventoryColumns(t)),
      )
      if (product) returned.push(product)
      yield* run((db, t) =>
        db.insert(t.stockMovements).values({ productId: line.productId, delta: line.quantity, reason: 'cancellation', actor: admin.email, note: `Order ${row.number} cancelled`, at: now }),
      )
    }
    yield* run((db, t) => db.update(t.orders).set({ status: 'cancelled' }).where(eq(t.orders.id, row.id)))
    const stock = yield* all((db, t) => db.select({ productId: t.products.id, stock: t.products.stock, version: t.products.version }).from(t.products).where(inArray(t.products.id, ids)))
    return { cancellation: { order: yield* loadOrder({ ...row, status: 'cancelled' }), stock }, returned }
  })
  eventBusFor(db).publish(...returned.flatMap(stockChangeEvents))
  return cancellation
}
