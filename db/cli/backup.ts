import { parseArgs } from 'node:util'
import { BackupError, backupDatabase } from '../backup.ts'
import { settingsOrExit } from './settings.ts'

// `npm run db:backup -- backups/cartwheel-2026-01-31.db`: safe while the shop serves.
const { DATABASE_PATH, DATABASE_URL } = settingsOrExit()
if (DATABASE_URL) {
  // Copying the SQLite file would look like a backup of the shop and be none.
  console.error('DATABASE_URL is set: the shop is in PostgreSQL, which this command does not copy. Use PostgreSQL’s own backups (pg_dump, base backups; docs/scaling.md).')
  process.exit(1)
}
const { positionals } = parseArgs({ allowPositionals: true })
const target = positionals[0]
if (positionals.length !== 1 || !target) {
  console.error('Name the backup file: npm run db:backup -- <file>')
  process.exit(1)
}

try {
  const { bytes, products, orders } = await backupDatabase(DATABASE_PATH, target)
  const size = `${(bytes / 1024 / 1024).toFixed(1)} MB`
  console.log(`Backed up ${DATABASE_PATH} to ${target}: ${size}, ${products.toLocaleString('en-US')} products, ${orders.toLocaleString('en-US')} orders`)
} catch (error) {
  if (!(error instanceof BackupError)) throw error
  console.error(error.message)
  process.exit(1)
}
