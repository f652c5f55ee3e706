import { settingsOrExit } from './settings.ts'
import { openDatabase } from '../connection.ts'
import { applyMigrations } from '../migrate.ts'

const { DATABASE_PATH } = settingsOrExit()
const db = openDatabase(DATABASE_PATH)
applyMigrations(db)
db.$client.close()
console.log(`Migrated ${DATABASE_PATH}`)
