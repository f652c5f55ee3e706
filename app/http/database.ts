import { serverSettings } from '../../app.config'
import { openDatabase, type AppDatabase } from '#db/connection'
import { startWalCheckpointer, type WalCheckpointer } from '#db/wal-checkpointer'
import { scheduleMaintenance } from './maintenance'

let database: AppDatabase | undefined
let stopMaintenance: (() => void) | undefined
let checkpointer: WalCheckpointer | undefined
let closed = false

/**
 * The server's one connection, opened on first use, with its maintenance schedule and its WAL
 * checkpointer (a worker thread: no request waits for a checkpoint). Migrations ran before the
 * server started.
 */
export function getDatabase(): AppDatabase {
  // A request still running after shutdown closed the connection must fail, not reopen the file
  // behind the checkpoint.
  if (closed) throw new Error('The database is closed: the server is stopping')
  if (!database) {
    const path = serverSettings().DATABASE_PATH
    database = openDatabase(path)
    stopMaintenance = scheduleMaintenance(database)
    checkpointer = startWalCheckpointer(database, path)
  }
  return database
}

/**
 * Folds the write-ahead log back into the database file and closes the connection, so a stopped
 * server leaves one self-contained file to copy or restore. The checkpointer stops first: its
 * checkpoint in progress would make this one fail, and its open connection would keep the log
 * file. Safe between requests: every transaction is synchronous, so none is open while the event
 * loop runs this, and no request reopens the file once `closed` is set.
 */
export async function closeDatabase() {
  closed = true
  stopMaintenance?.()
  const open = database
  database = undefined
  if (!open) return
  await checkpointer?.stop()
  open.$client.pragma('wal_checkpoint(TRUNCATE)')
  open.$client.close()
}
