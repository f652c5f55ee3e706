import type { PostgresDatabase } from '#db/postgres/connection'
import { engineOf, type Database } from '#db/work'
import { createMemoryRateLimitStore, type RateLimitStore } from './rate-limit-store'
import { createPostgresRateLimitStore } from './rate-limit-store.postgres'

// One store per database: the server has one; each test database gets its own.
const stores = new WeakMap<Database, RateLimitStore>()

/**
 * Where the rate limits of a database's shop keep their counts: in this process for SQLite (one
 * process serves it), in PostgreSQL for a shop served by several processes, so a budget is one
 * budget whichever process a request reaches.
 */
export function rateLimitStoreFor(db: Database): RateLimitStore {
  let store = stores.get(db)
  if (!store) {
    store = engineOf(db) === 'sqlite' ? createMemoryRateLimitStore() : createPostgresRateLimitStore(db as PostgresDatabase)
    stores.set(db, store)
  }
  return store
}
