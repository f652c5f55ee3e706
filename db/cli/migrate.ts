import { settingsOrExit } from './settings.ts'
import { openDatabase } from '../connection.ts'
import { applyMigrations } from '../migrate.ts'
import { applyPostgresMigrations, openPostgres } from '../postgres/connection.ts'
import { databaseName } from '../prepare.ts'

const settings = settingsOrExit()
if (settings.DATABASE_URL) {
  const db = openPostgres(settings.DATABASE_URL, { max: 1 })
  try {
    await applyPostgresMigrations(db)
  } finally {
    await db.$client.end()
  }
} else {
  const db = openDatabase(settings.DATABASE_PATH)
  applyMigrations(db)
  db.$client.close()
}
console.log(`Migrated the ${databaseName(settings)}`)
