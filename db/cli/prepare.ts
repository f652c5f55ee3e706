import { settingsOrExit } from './settings.ts'
import { openDatabase } from '../connection.ts'
import { applyMigrations } from '../migrate.ts'
import { seedDatabase } from '../seed.ts'

// `npm start` and `npm run dev` run this first: migrate always, seed only an empty catalog.
const settings = settingsOrExit()
const db = openDatabase(settings.DATABASE_PATH)
applyMigrations(db)
const { count } = db.$client.prepare('SELECT count(*) AS count FROM products').get() as { count: number }
if (count === 0) {
  seedDatabase(db, {
    products: settings.SEED_PRODUCTS,
    adminEmail: settings.ADMIN_EMAIL,
    adminPassword: settings.ADMIN_PASSWORD,
  })
  console.log(`Seeded ${settings.DATABASE_PATH} with ${settings.SEED_PRODUCTS} products`)
} else {
  console.log(`Database ${settings.DATABASE_PATH} is ready (${count} products)`)
}
db.$client.close()
