import { join } from 'node:path'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import type { AppDatabase } from './connection.ts'

// import.meta.dirname, not a URL: under a DOM test environment `URL` is the DOM's, not Node's.
const migrationsFolder = join(import.meta.dirname, 'migrations')

export function applyMigrations(db: AppDatabase) {
  migrate(db, { migrationsFolder })
}
