import { lt } from 'drizzle-orm'
import { read, run, type Database } from '#db/work'
import { purgeIdleCarts } from '~/features/cart/cart-maintenance.server'
import { rateLimitStoreFor } from './rate-limit-stores'

/** How often the server purges what nobody can use any more. */
export const MAINTENANCE_INTERVAL_MS = 10 * 60 * 1000

/** One pass: idle carts, expired Idempotency-Keys, expired admin sessions, old rate-limit counts. */
export async function runMaintenance(db: Database, now = Date.now()) {
  const carts = await purgeIdleCarts(db, now)
  const expiredSessions = await read(db, run((db, t) => db.delete(t.sessions).where(lt(t.sessions.expiresAt, now))))
  // Rate-limit events that left their window (on PostgreSQL a table every process writes to).
  await rateLimitStoreFor(db).prune(now)
  return { ...carts, expiredSessions }
}

/** The first pass waits this long, so it never holds up the request that opened the database. */
export const FIRST_MAINTENANCE_DELAY_MS = 5_000

/**
 * Runs maintenance shortly after start and then every MAINTENANCE_INTERVAL_MS, on the server's own
 * clock: nothing outside (cron) needs to be set up. The timers never keep the process alive.
 */
export function scheduleMaintenance(db: Database, { log = console.log }: { log?: (line: string) => void } = {}) {
  const pass = async () => {
    try {
      const purged = await runMaintenance(db)
      const total = Object.values(purged).reduce((sum, count) => sum + count, 0)
      if (total > 0) log(`Maintenance purged ${JSON.stringify(purged)}`)
    } catch (error) {
      // A failed pass (the database busy past its timeout) is retried at the next one.
      console.error('Maintenance pass failed', error)
    }
  }
  const first = setTimeout(() => void pass(), FIRST_MAINTENANCE_DELAY_MS)
  const every = setInterval(() => void pass(), MAINTENANCE_INTERVAL_MS)
  first.unref()
  every.unref()
  return () => {
    clearTimeout(first)
    clearInterval(every)
  }
}
