import type { ServerSettings } from '../app.config.ts'
import { openDatabase } from './connection.ts'
import { applyMigrations } from './migrate.ts'
import { applyPostgresMigrations, openPostgres } from './postgres/connection.ts'
import { seedPostgres } from './postgres/seed.ts'
import { seedDatabase } from './seed.ts'

/** Which database the settings name: PostgreSQL when DATABASE_URL is set, else the SQLite file. */
export const databaseName = (settings: Pick<ServerSettings, 'DATABASE_URL' | 'DATABASE_PATH'>) =>
  settings.DATABASE_URL ? `PostgreSQL database ${redactPassword(settings.DATABASE_URL)}` : `SQLite database ${settings.DATABASE_PATH}`

/** A connection URL fit for a log line: the password, if any, replaced. */
export function redactPassword(url: string) {
  const parsed = new URL(url)
  if (parsed.password) parsed.password = '***'
  return parsed.href
}

/** Brings the database to the current schema and seeds it when the catalog is empty. */
export async function prepareDatabase(settings: ServerSettings) {
  const seed = { products: settings.SEED_PRODUCTS, adminEmail: settings.ADMIN_EMAIL, adminPassword: settings.ADMIN_PASSWORD }
  const name = databaseName(settings)
  let count: number
  if (settings.DATABASE_URL) {
    const db = openPostgres(settings.DATABASE_URL, { max: 1 })
    try {
      await applyPostgresMigrations(db)
      count = Number((await db.$client.query('SELECT count(*) AS count FROM products')).rows[0].count)
      if (count === 0) await seedPostgres(db, seed)
    } finally {
      await db.$client.end()
    }
  } else {
    const db = openDatabase(settings.DATABASE_PATH)
    try {
      applyMigrations(db)
      count = (db.$client.prepare('SELECT count(*) AS count FROM products').get() as { count: number }).count
      if (count === 0) seedDatabase(db, seed)
    } finally {
      db.$client.close()
    }
  }
  return count > 0 ? `${name} is ready (${count} products)` : `Seeded ${name} with ${settings.SEED_PRODUCTS} products`
}
