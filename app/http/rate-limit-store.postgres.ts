import { createHash } from 'node:crypto'
import { and, count, desc, eq, gt, inArray, lte, sql } from 'drizzle-orm'
import type { PostgresDatabase } from '#db/postgres/connection'
import { rateLimitEvents as events } from '#db/postgres/schema'
import { declareWindow, type RateLimitStore, type SlidingWindow, type StoredSlidingWindowLimiter } from './rate-limit-store'

/** One advisory lock per (limiter, key), 64 bits wide so two keys practically never share one. */
function lockId(name: string, key: string) {
  return createHash('sha256').update(`${name}\u0000${key}`).digest().readBigInt64BE(0)
}

/**
 * The store every server process on one PostgreSQL database shares: one row per counted event in
 * `rate_limit_events` (db/postgres/schema.ts). Plain records are single INSERTs, so two processes
 * recording at once are both counted. `take` runs in a transaction holding an advisory lock per
 * (limiter, key): a second take on the same key waits for the first to commit, then sees its event.
 */
export function createPostgresRateLimitStore(db: PostgresDatabase): RateLimitStore {
  const declared = new Map<string, { window: SlidingWindow; limiter: StoredSlidingWindowLimiter }>()
  const windowOf = new WeakMap<StoredSlidingWindowLimiter, SlidingWindow>()

  const ofKey = ({ name }: SlidingWindow, key: string) => and(eq(events.limiter, name), eq(events.key, key))
  const inWindow = (window: SlidingWindow, key: string, now: number) => and(ofKey(window, key), gt(events.at, now - window.windowMs))

  function limiter(window: SlidingWindow) {
    return declareWindow(declared, window, () => {
      const stored: StoredSlidingWindowLimiter = {
        ...window,
        async retryAfterMs(key, now = Date.now()) {
          // The limit-th newest event in the window: the key may go again once it has left.
          const [oldestThatCounts] = await db
            .select({ at: events.at })
            .from(events)
            .where(inWindow(window, key, now))
            .orderBy(desc(events.at))
            .offset(window.limit - 1)
            .limit(1)
          return oldestThatCounts ? oldestThatCounts.at + window.windowMs - now : 0
        },
        async record(key, now = Date.now()) {
          await db.insert(events).values({ limiter: window.name, key, at: now, expiresAt: now + window.windowMs })
        },
        async count(key, now = Date.now()) {
          const [found] = await db.select({ events: count() }).from(events).where(inWindow(window, key, now))
          return found?.events ?? 0
        },
        async reset(key) {
          await db.delete(events).where(ofKey(window, key))
        },
        async forgiveOne(key) {
          // SKIP LOCKED: two forgiveOne at once take back two events, not the same one twice.
          const latest = db
            .select({ id: events.id })
            .from(events)
            .where(ofKey(window, key))
            .orderBy(desc(events.at), desc(events.id))
            .limit(1)
            .for('update', { skipLocked: true })
          await db.delete(events).where(inArray(events.id, latest))
        },
      }
      windowOf.set(stored, window)
      return stored
    })
  }

  return {
    limiter,
    async take(claims, now = Date.now()) {
      if (claims.length === 0) return 0
      const windows = claims.map(({ limiter: claimed }) => {
        const window = windowOf.get(claimed)
        if (!window) throw new Error(`The limiter ${claimed.name} belongs to another store`)
        return window
      })
      // Taken in one order, so two takes over overlapping keys never wait on each other in a cycle.
      const locks = [...new Set(claims.map(({ key }, index) => lockId(windows[index]!.name, key)))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      const names = windows.map((window) => window.name)
      const keys = claims.map(({ key }) => key)
      const limits = windows.map((window) => window.limit)
      const windowsMs = windows.map((window) => window.windowMs)
      return db.transaction(async (tx) => {
        await tx.execute(sql`SELECT pg_advisory_xact_lock(id) FROM unnest(${sql.param(locks.map(String))}::bigint[]) AS id`)
        // A new statement, so a new snapshot: it sees every event committed by the take that held the lock before.
        const { rows } = await tx.execute<{ wait: number }>(sql`
          WITH claim AS (
            SELECT * FROM unnest(${sql.param(names)}::text[], ${sql.param(keys)}::text[], ${sql.param(limits)}::int[], ${sql.param(windowsMs)}::bigint[])
              AS claim (limiter, key, lim, window_ms)
          ), wait AS (
            SELECT coalesce(max(counted.at + claim.window_ms), ${now}::bigint) - ${now}::bigint AS ms
            FROM claim CROSS JOIN LATERAL (
              SELECT at FROM ${events}
              WHERE limiter = claim.limiter AND key = claim.key AND at > ${now}::bigint - claim.window_ms
              ORDER BY at DESC OFFSET claim.lim - 1 LIMIT 1
            ) AS counted
          ), taken AS (
            INSERT INTO ${events} (limiter, key, at, expires_at)
            SELECT limiter, key, ${now}::bigint, ${now}::bigint + window_ms FROM claim WHERE (SELECT ms FROM wait) = 0
          )
          SELECT ms AS wait FROM wait`)
        return Number(rows[0]?.wait ?? 0)
      })
    },
    async prune(now = Date.now()) {
      await db.delete(events).where(lte(events.expiresAt, now))
    },
  }
}
