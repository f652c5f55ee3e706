import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, inject } from 'vitest'
import { openPostgres, type PostgresDatabase } from '#db/postgres/connection'
import { TEMPLATE_DATABASE } from './postgres-global-setup'

/**
 * A database of its own for the calling test file, copied from the migrated template on the run's
 * throwaway server (tests/support/postgres-global-setup.ts), closed after the file's tests.
 */
export async function createPostgresTestDatabase({ connections = 4 } = {}): Promise<PostgresDatabase & { url: string }> {
  const adminUrl = inject('postgresAdminUrl')
  const name = `test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`)
  } finally {
    await admin.end()
  }
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const db = openPostgres(url.href, { max: connections })
  afterAll(() => db.$client.end())
  return Object.assign(db, { url: url.href })
}
