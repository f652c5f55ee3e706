import { and, eq, inArray, lt, notExists, sql } from 'drizzle-orm'
import type { AppDatabase } from '#db/connection'
import { cartLines, cartRequests, carts } from '#db/schema'
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

function deleteInBatches(db: AppDatabase, select: () => number[]) {
  let deleted = 0
  for (;;) {
    const ids = select()
    if (ids.length === 0) return deleted
    db.transaction((tx) => void tx.delete(carts).where(inArray(carts.id, ids)).run(), { behavior: 'immediate' })
    deleted += ids.length
  }
}

/** Deletes idle carts (their lines and keys go with them) and expired Idempotency-Keys; answers how many of each. */
export function purgeIdleCarts(db: AppDatabase, now = Date.now()) {
  const hasNoLines = notExists(db.select({ one: sql`1` }).from(cartLines).where(eq(cartLines.cartId, carts.id)))
  const idle = (ms: number, ...conditions: Parameters<typeof and>) =>
    deleteInBatches(db, () =>
      db
        .select({ id: carts.id })
        .from(carts)
        .where(and(lt(carts.updatedAt, now - ms), ...conditions))
        .limit(BATCH)
        .all()
        .map((row) => row.id),
    )
  const emptyCarts = idle(CART_RETENTION.emptyMs, hasNoLines)
  const abandonedCarts = idle(CART_RETENTION.withLinesMs)
  const expiredKeys = db.delete(cartRequests).where(lt(cartRequests.createdAt, now - IDEMPOTENCY_KEY_TTL_MS)).run().changes
  return { emptyCarts, abandonedCarts, expiredKeys }
}
