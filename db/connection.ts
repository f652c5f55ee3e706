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
 * The page cache is 64 MiB (SQLite's default is 2 MiB): a listing filtered by stock reads every
 * matching row of products by id (4,308 for a category and a price range on 100,000 products),
 * and each page missing from the cache is a read from the operating system. The cache fills
 * only as pages are read.
 */
export function openDatabase(path: string): AppDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const sqlite = new Database(path)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('cache_size = -65536')
  return drizzle({ client: sqlite, schema })
}
