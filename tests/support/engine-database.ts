import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { inject } from 'vitest'
import { openPostgres } from '#db/postgres/connection'
import { seedPostgres } from '#db/postgres/seed'
import type { Database, Engine } from '#db/work'
import { TEMPLATE_DATABASE } from './postgres-global-setup'
import { createTestDatabase, SEEDED_ADMIN } from './test-database'

/**
 * The engine the server tests run on: SQLite, or PostgreSQL in the vitest project that sets
 * CARTWHEEL_TEST_ENGINE=postgres (vitest.config.ts), where the run's throwaway server is up.
 */
export const testEngine = (): Engine => (process.env.CARTWHEEL_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite')

export type ShopDatabase = { db: Database; close: () => Promise<void> }

async function withAdminClient<T>(task: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({ connectionString: inject('postgresAdminUrl') })
  await client.connect()
  try {
    return await task(client)
  } finally {
    await client.end()
  }
}

const urlOf = (name: string) => {
  const url = new URL(inject('postgresAdminUrl'))
  url.pathname = `/${name}`
  return url.href
}

/**
 * A migrated database seeded with `products` products, made once per run and size, under a lock
 * (test files run in parallel workers), for test databases to be copied from.
 */
async function seededTemplate(products: number) {
  const name = `cartwheel_seeded_${products}`
  await withAdminClient(async (client) => {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [name])
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
      if (rowCount) return
      await client.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`)
      const db = openPostgres(urlOf(name), { max: 1 })
      try {
        await seedPostgres(db, { products, adminEmail: SEEDED_ADMIN.email, adminPassword: SEEDED_ADMIN.password })
      } finally {
        await db.$client.end()
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [name])
    }
  })
  return name
}

/**
 * A fresh shop database on the test engine: SQLite in memory, or a PostgreSQL database copied from
 * a seeded template (milliseconds), dropped by `close()`.
 */
export async function openShopDatabase({ products }: { products: number }): Promise<ShopDatabase> {
  if (testEngine() === 'sqlite') {
    const db = createTestDatabase({ products })
    return { db, close: async () => void db.$client.close() }
  }
  const template = products > 0 ? await seededTemplate(products) : TEMPLATE_DATABASE
  const name = `test_${randomBytes(6).toString('hex')}`
  await withAdminClient((client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`))
  const db = openPostgres(urlOf(name), { max: 8 })
  return {
    db,
    close: async () => {
      await db.$client.end()
      await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${name}`))
    },
  }
}
