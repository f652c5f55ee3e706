import { parseArgs } from 'node:util'
import { settingsOrExit } from './settings.ts'
import { openDatabase } from '../connection.ts'
import { applyMigrations } from '../migrate.ts'
import { applyPostgresMigrations, openPostgres } from '../postgres/connection.ts'
import { seedPostgres } from '../postgres/seed.ts'
import { databaseName } from '../prepare.ts'
import { seedDatabase } from '../seed.ts'

const settings = settingsOrExit()
const { values } = parseArgs({ options: { products: { type: 'string' } } })
const products = values.products === undefined ? settings.SEED_PRODUCTS : Number(values.products)
if (!Number.isInteger(products) || products < 1 || products > 1_000_000) {
  console.error(`--products must be a whole number from 1 to 1,000,000 (got ${values.products})`)
  process.exit(1)
}

const started = performance.now()
const options = { products, adminEmail: settings.ADMIN_EMAIL, adminPassword: settings.ADMIN_PASSWORD }
if (settings.DATABASE_URL) {
  const db = openPostgres(settings.DATABASE_URL, { max: 1 })
  try {
    await applyPostgresMigrations(db)
    await seedPostgres(db, options)
  } finally {
    await db.$client.end()
  }
} else {
  const db = openDatabase(settings.DATABASE_PATH)
  applyMigrations(db)
  seedDatabase(db, options)
  db.$client.close()
}
const seconds = ((performance.now() - started) / 1000).toFixed(1)
console.log(`Seeded the ${databaseName(settings)} with ${products.toLocaleString('en-US')} products in ${seconds} s`)
