import type { ServerSettings } from '../app.config.ts'
import { openDatabase } from './connection.ts'
import { applyMigrations } from './migrate.ts'
import { seedDatabase } from './seed.ts'

/** Brings the database to the current schema and seeds it when the catalog is empty. */
export function prepareDatabase(settings: ServerSettings) {
  const db = openDatabase(settings.DATABASE_PATH)
  try {
    applyMigrations(db)
    const { count } = db.$client.prepare('SELECT count(*) AS count FROM products').get() as { count: number }
    if (count > 0) return `Database ${settings.DATABASE_PATH} is ready (${count} products)`
    seedDatabase(db, { products: settings.SEED_PRODUCTS, adminEmail: settings.ADMIN_EMAIL, adminPassword: settings.ADMIN_PASSWORD })
    return `Seeded ${settings.DATABASE_PATH} with ${settings.SEED_PRODUCTS} products`
  } finally {
    db.$client.close()
  }
}
