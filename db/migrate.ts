import { fileURLToPath } from 'node:url'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import type { AppDatabase } from './connection.ts'

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url))

export function applyMigrations(db: AppDatabase) {
  migrate(db, { migrationsFolder })
}
