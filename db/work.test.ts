import { describeWork } from '../tests/support/work-suite'
import { openDatabase } from './connection.ts'
import { applyMigrations } from './migrate.ts'

describeWork('SQLite', async () => {
  const db = openDatabase(':memory:')
  applyMigrations(db)
  return db
})
