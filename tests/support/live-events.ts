import type { AppDatabase } from '#db/connection'
import type { PostgresDatabase } from '#db/postgres/connection'
import { engineOf, type Database } from '#db/work'
import { getAdminProduct } from '~/features/inventory/catalog-admin.server'
import type { ProductChange } from '~/features/inventory/catalog-admin.answers'
import { eventBusFor, type LoggedEvent } from '~/live/event-bus'

export type HeardEvent = LoggedEvent & { duringTransaction: boolean }

/**
 * Whether a transaction is open on the database: SQLite's one connection says so; on PostgreSQL a
 * transaction holds a connection of the pool until it ends, so any connection checked out counts
 * (the tests that ask send one request at a time).
 */
function inTransaction(db: Database) {
  if (engineOf(db) === 'sqlite') return (db as AppDatabase).$client.inTransaction
  const pool = (db as PostgresDatabase).$client
  return pool.totalCount > pool.idleCount
}

/**
 * Records every event published to the database's bus from now on, and whether the database was
 * still inside a transaction when it was published (it never may be: events follow the commit).
 */
export function recordLiveEvents(db: Database) {
  const heard: HeardEvent[] = []
  eventBusFor(db).subscribe(undefined, (event) => heard.push({ ...event, duringTransaction: inTransaction(db) }))
  return {
    heard,
    /** What was heard, as type and audience, in order. */
    summary: () => heard.map((event) => `${event.type} → ${event.audience.to}`),
    clear: () => void heard.splice(0),
  }
}

/**
 * The `product` event the server publishes after a change to product `id` that left it where it
 * was (same address, category, sale), built from the database row as it is now.
 */
export async function productChangeInPlace(db: AppDatabase, id: number): Promise<ProductChange> {
  const product = await getAdminProduct(db, id)
  return { product, previous: { slug: product.slug, categorySlug: product.category.slug, archived: product.archived } }
}
