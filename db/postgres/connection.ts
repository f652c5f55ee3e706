import { join } from 'node:path'
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import pg from 'pg'
import * as schema from './schema.ts'

export type PostgresDatabase = NodePgDatabase<typeof schema> & { $client: pg.Pool }

/**
 * A pool of connections to the PostgreSQL database at `url` (postgres://user:password@host:port/db).
 * bigint columns come back as JavaScript numbers, as SQLite's integers do: the shop's bigints are
 * millisecond timestamps, far below 2^53. A pool's idle connection that the server drops is
 * reported and replaced instead of crashing the process.
 */
export function openPostgres(url: string, { max = 10 }: { max?: number } = {}): PostgresDatabase {
  const pool = new pg.Pool({ connectionString: url, max, types: { getTypeParser: typeParser } })
  pool.on('error', (error) => console.error('A PostgreSQL connection in the pool failed', error))
  return drizzle({ client: pool, schema })
}

const INT8_OID = 20

function typeParser(oid: number, format?: 'text' | 'binary') {
  if (oid === INT8_OID) return (value: string) => Number(value)
  return format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid, 'text')
}

const migrationsFolder = join(import.meta.dirname, 'migrations')

/**
 * Applies pending migrations in one transaction. Two processes starting at once both try: drizzle's
 * migrator holds no lock of its own, so an advisory lock makes the second wait and then find
 * nothing left to apply.
 */
export async function applyPostgresMigrations(db: PostgresDatabase) {
  const client = await db.$client.connect()
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', ['cartwheel:migrations'])
    await migrate(drizzle({ client, schema }), { migrationsFolder })
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', ['cartwheel:migrations']).catch(() => {})
    client.release()
  }
}
