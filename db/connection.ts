import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import * as schema from './schema.ts'

export type AppDatabase = BetterSQLite3Database<typeof schema> & { $client: Database.Database }

/** The handle a `db.transaction(...)` callback receives. */
export type AppTransaction = Parameters<Parameters<AppDatabase['transaction']>[0]>[0]

/**
 * Opens the SQLite file with the settings every connection needs: WAL so readers never wait for
 * the writer, a busy timeout so concurrent writers queue instead of failing, and foreign keys on.
 */
export function openDatabase(path: string): AppDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const sqlite = new Database(path)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('synchronous = NORMAL')
  return drizzle({ client: sqlite, schema })
}
