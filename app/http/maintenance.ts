import { lt } from 'drizzle-orm'
import type { AppDatabase } from '#db/connection'
import { sessions } from '#db/schema'
import { purgeIdleCarts } from '~/features/cart/cart-maintenance.server'

/** How often the server purges what nobody can use any more. */
export const MAINTENANCE_INTERVAL_MS = 10 * 60 * 1000

/** One pass: idle carts, expired Idempotency-Keys, expired admin sessions. */
export function runMaintenance(db: AppDatabase, now = Date.now()) {
  const carts = purgeIdleCarts(db, now)
  const expiredSessions = db.delete(sessions).where(lt(sessions.expiresAt, now)).run().changes
  return { ...carts, expiredSessions }
}

/** The first pass waits this long, so it never holds up the request that opened the database. */
export const FIRST_MAINTENANCE_DELAY_MS = 5_000

/**
 * Runs maintenance shortly after start and then every MAINTENANCE_INTERVAL_MS, on the server's own
 * clock: nothing outside (cron) needs to be set up. The timers never keep the process alive.
 */
export function scheduleMaintenance(db: AppDatabase, { log = console.log }: { log?: (line: string) => void } = {}) {
  const pass = () => {
    try {
      const purged = runMaintenance(db)
      const total = Object.values(purged).reduce((sum, count) => sum + count, 0)
      if (total > 0) log(`Maintenance purged ${JSON.stringify(purged)}`)
    } catch (error) {
      // A failed pass (the database busy past its timeout) is retried at the next one.
      console.error('Maintenance pass failed', error)
    }
  }
  const first = setTimeout(pass, FIRST_MAINTENANCE_DELAY_MS)
  const every = setInterval(pass, MAINTENANCE_INTERVAL_MS)
  first.unref()
  every.unref()
  return () => {
    clearTimeout(first)
    clearInterval(every)
  }
}
