import { join } from 'node:path'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import type { AppDatabase } from './connection.ts'

// import.meta.dirname, not a URL: under a DOM test environment `URL` is the DOM's, not Node's.
const migrationsFolder = join(import.meta.dirname, 'migrations')

/**
 * Applies pending migrations. SQLite changes a constraint only by rebuilding the table, and
 * dropping a table that others reference fails while foreign keys are enforced; the pragma cannot
 * change inside the migrations' transaction, so it is turned off around them, and every reference
 * is checked before it is turned back on.
 */
export function applyMigrations(db: AppDatabase) {
  db.$client.pragma('foreign_keys = OFF')
  try {
    migrate(db, { migrationsFolder })
    const broken = db.$client.pragma('foreign_key_check') as unknown[]
    if (broken.length > 0) throw new Error(`Migrations left ${broken.length} broken references: ${JSON.stringify(broken.slice(0, 5))}`)
  } finally {
    db.$client.pragma('foreign_keys = ON')
  }
}
