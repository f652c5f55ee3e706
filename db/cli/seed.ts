import { parseArgs } from 'node:util'
import { settingsOrExit } from './settings.ts'
import { openDatabase } from '../connection.ts'
import { applyMigrations } from '../migrate.ts'
import { seedDatabase } from '../seed.ts'

const settings = settingsOrExit()
const { values } = parseArgs({ options: { products: { type: 'string' } } })
const products = values.products === undefined ? settings.SEED_PRODUCTS : Number(values.products)
if (!Number.isInteger(products) || products < 1 || products > 1_000_000) {
  console.error(`--products must be a whole number from 1 to 1,000,000 (got ${values.products})`)
  process.exit(1)
}

const started = performance.now()
const db = openDatabase(settings.DATABASE_PATH)
applyMigrations(db)
seedDatabase(db, { products, adminEmail: settings.ADMIN_EMAIL, adminPassword: settings.ADMIN_PASSWORD })
db.$client.close()
const seconds = ((performance.now() - started) / 1000).toFixed(1)
console.log(`Seeded ${settings.DATABASE_PATH} with ${products.toLocaleString('en-US')} products in ${seconds} s`)
