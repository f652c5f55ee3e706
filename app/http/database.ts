import { serverSettings } from '../../app.config'
import { openDatabase, type AppDatabase } from '#db/connection'
import { scheduleMaintenance } from './maintenance'

let database: AppDatabase | undefined
let stopMaintenance: (() => void) | undefined
let closed = false

/** The server's one connection, opened on first use, with its maintenance schedule. Migrations ran before the server started. */
export function getDatabase(): AppDatabase {
  // A request still running after shutdown closed the connection must fail, not reopen the file
  // behind the checkpoint.
  if (closed) throw new Error('The database is closed: the server is stopping')
  if (!database) {
    database = openDatabase(serverSettings().DATABASE_PATH)
    stopMaintenance = scheduleMaintenance(database)
  }
  return database
}

/**
 * Folds the write-ahead log back into the database file and closes the connection, so a stopped
 * server leaves one self-contained file to copy or restore. Safe between requests: every
 * transaction is synchronous, so none is open while the event loop runs this.
 */
export function closeDatabase() {
  closed = true
  stopMaintenance?.()
  if (!database) return
  database.$client.pragma('wal_checkpoint(TRUNCATE)')
  database.$client.close()
  database = undefined
}
