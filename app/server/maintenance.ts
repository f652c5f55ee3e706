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

/**
 * Runs maintenance now and then every MAINTENANCE_INTERVAL_MS, on the server's own clock: nothing
 * outside (cron) needs to be set up. The timer never keeps the process alive on its own.
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
  pass()
  const timer = setInterval(pass, MAINTENANCE_INTERVAL_MS)
  timer.unref()
  return () => clearInterval(timer)
}
