import { count, desc, eq, inArray, sql } from 'drizzle-orm'
import type { AppDatabase } from '#db/connection'
import { MAX_STOCK } from '#db/limits'
import { orders, products, stockMovements } from '#db/schema'
import { ApiError } from '~/lib/api-error'
import { stockLimitExceeded } from '~/lib/stock-limit'
import { inventoryColumns, stockChangeEvents, type InventoryColumns } from '~/live/change-events'
import { eventBusFor } from '~/live/event-bus'
import type { AdminOrderFilters, AdminOrderPage, Cancellation } from './order-admin.schemas'
import { loadOrder, readOrderLines, toOrder } from './orders.server'

/** Every browser's orders, newest first, for the admin's order list. */
export function listAllOrders(db: AppDatabase, filters: AdminOrderFilters): AdminOrderPage {
  const where = filters.status ? eq(orders.status, filters.status) : undefined
  const total = db.select({ total: count() }).from(orders).where(where).get()?.total ?? 0
  const rows = db
    .select()
    .from(orders)
    .where(where)
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(filters.pageSize)
    .offset((filters.page - 1) * filters.pageSize)
    .all()
  const lines = readOrderLines(db, rows.map((row) => row.id))
  return { items: rows.map((row) => toOrder(row, lines.get(row.id) ?? [])), page: filters.page, pageSize: filters.pageSize, total }
}

/**
 * Cancels a placed order, all or nothing, in one immediate transaction: every line's units go back
 * to its product (version bumped, one `cancellation` movement each, the admin as actor) and the
 * order is marked cancelled. Checked before anything is written: the order exists, is still
 * placed (a second cancel is refused, so stock returns once), and no product would pass MAX_STOCK.
 */
export function cancelOrder(db: AppDatabase, admin: { email: string }, orderNumber: string): Cancellation {
  const now = Date.now()
  const { cancellation, returned } = db.transaction(
    (tx) => {
      const row = tx.select().from(orders).where(eq(orders.number, orderNumber)).get()
      if (!row) throw new ApiError(404, 'NOT_FOUND', `No order ${orderNumber}`)
      if (row.status !== 'placed') {
        throw new ApiError(409, 'ORDER_NOT_CANCELLABLE', `Order ${orderNumber} is ${row.status}; only a placed order can be cancelled`, { status: row.status })
      }
      const lines = readOrderLines(tx, [row.id]).get(row.id) ?? []
      const ids = lines.map((line) => line.productId)
      const stockNow = new Map(tx.select({ id: products.id, stock: products.stock }).from(products).where(inArray(products.id, ids)).all().map((p) => [p.id, p.stock]))
      for (const line of lines) {
        const stock = stockNow.get(line.productId) ?? 0
        if (stock + line.quantity > MAX_STOCK) throw stockLimitExceeded(line.productId, stock, line.quantity)
      }
      // Checked above within this transaction; the CHECK constraint is the last guard.
      const returned: InventoryColumns[] = []
      for (const line of lines) {
        const [product] = tx
          .update(products)
          .set({ stock: sql`${products.stock} + ${line.quantity}`, version: sql`${products.version} + 1`, updatedAt: now })
          .where(eq(products.id, line.productId))
          .returning(inventoryColumns)
          .all()
        if (product) returned.push(product)
        tx.insert(stockMovements)
          .values({ productId: line.productId, delta: line.quantity, reason: 'cancellation', actor: admin.email, note: `Order ${row.number} cancelled`, at: now })
          .run()
      }
      tx.update(orders).set({ status: 'cancelled' }).where(eq(orders.id, row.id)).run()
      const stock = tx.select({ productId: products.id, stock: products.stock, version: products.version }).from(products).where(inArray(products.id, ids)).all()
      return { cancellation: { order: loadOrder(tx, { ...row, status: 'cancelled' }), stock }, returned }
    },
    { behavior: 'immediate' },
  )
  eventBusFor(db).publish(...returned.flatMap(stockChangeEvents))
  return cancellation
}
