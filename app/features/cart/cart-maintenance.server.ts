import { and, eq, inArray, lt, notExists, sql, type SQL } from 'drizzle-orm'
import { all, read, run, transact, type Database, type Session, type Tables } from '#db/work'
import { IDEMPOTENCY_KEY_TTL_MS } from './cart.server'

const DAY = 24 * 60 * 60 * 1000

/**
 * How long carts are kept after their last change. An empty cart holds nothing worth a row for
 * long (its browser keeps its orders through the token they carry). A cart with lines lives as
 * long as its cookie (30 days from the last change): after that no browser can reach it.
 */
export const CART_RETENTION = { emptyMs: DAY, withLinesMs: 30 * DAY } as const

// Deleted a batch at a time, so a large purge never holds the write lock for long.
const BATCH = 500

/**
 * Deletes the carts that `idle` selects, a batch at a time. The DELETE says the condition again:
 * on PostgreSQL a shopper's write can land between the batch's read and its delete (on SQLite the
 * purge runs without yielding), and a cart that came back to life is kept.
 */
async function deleteInBatches(db: Database, idle: (db: Session, t: Tables) => SQL | undefined) {
  let deleted = 0
  for (;;) {
    const ids = (await read(db, all((db, t) => db.select({ id: t.carts.id }).from(t.carts).where(idle(db, t)).limit(BATCH)))).map((row) => row.id)
    if (ids.length === 0) return deleted
    deleted += await transact(db, () => run((db, t) => db.delete(t.carts).where(and(inArray(t.carts.id, ids), idle(db, t)))))
  }
}

/** Deletes idle carts (their lines and keys go with them) and expired Idempotency-Keys; answers how many of each. */
export async function purgeIdleCarts(db: Database, now = Date.now()) {
  const hasNoLines = (db: Session, t: Tables) => notExists(db.select({ one: sql`1` }).from(t.cartLines).where(eq(t.cartLines.cartId, t.carts.id)))
  const emptyCarts = await deleteInBatches(db, (db, t) => and(lt(t.carts.updatedAt, now - CART_RETENTION.emptyMs), hasNoLines(db, t)))
  const abandonedCarts = await deleteInBatches(db, (_db, t) => lt(t.carts.updatedAt, now - CART_RETENTION.withLinesMs))
  const expiredKeys = await read(db, run((db, t) => db.delete(t.cartRequests).where(lt(t.cartRequests.createdAt, now - IDEMPOTENCY_KEY_TTL_MS))))
  return { emptyCarts, abandonedCarts, expiredKeys }
}
