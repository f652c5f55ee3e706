import type { TestProject } from 'vitest/node'
import { applyPostgresMigrations, openPostgres } from '#db/postgres/connection'
import { startPostgres, type PostgresServer } from './postgres-server'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The throwaway server's `postgres` database, for creating each test file's own database. */
    postgresAdminUrl: string
  }
}

/** The database every test database is copied from: migrated once, so a test file's copy takes milliseconds. */
export const TEMPLATE_DATABASE = 'cartwheel_template'

let server: PostgresServer | undefined

/** Starts one PostgreSQL server for the run, with the migrated template database. */
export async function setup(project: TestProject) {
  server = await startPostgres()
  const template = openPostgres(server.createDatabase(TEMPLATE_DATABASE), { max: 1 })
  try {
    await applyPostgresMigrations(template)
  } finally {
    await template.$client.end()
  }
  project.provide('postgresAdminUrl', server.url)
}

export function teardown() {
  server?.stop()
}
