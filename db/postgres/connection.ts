import { join } from 'node:path'
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import pg from 'pg'
import * as schema from './schema.ts'

export type PostgresDatabase = NodePgDatabase<typeof schema> & { $client: pg.Pool }

const INT8_OID = 20

// bigint (int8) values come back as JavaScript numbers, as SQLite's integers do: the shop's bigints
// are millisecond timestamps, counts and sums, all far below 2^53. Set on node-postgres' shared
// parser table, because drizzle's node-postgres session passes that table with every query (a
// pool's own `types` would be overridden); the shop is this process's only PostgreSQL client.
pg.types.setTypeParser(INT8_OID, Number)

/**
 * A pool of connections to the PostgreSQL database at `url` (postgres://user:password@host:port/db).
 * A pool's idle connection that the server drops is reported and replaced instead of crashing the
 * process.
 */
export function openPostgres(url: string, { max = 10 }: { max?: number } = {}): PostgresDatabase {
  const pool = new pg.Pool({ connectionString: url, max })
  pool.on('error', (error) => console.error('A PostgreSQL connection in the pool failed', error))
  return drizzle({ client: pool, schema })
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
