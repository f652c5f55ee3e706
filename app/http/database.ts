import { serverSettings } from '../../app.config'
import { openDatabase, type AppDatabase } from '#db/connection'
import { openPostgres, type PostgresDatabase } from '#db/postgres/connection'
import { startWalCheckpointer, type WalCheckpointer } from '#db/wal-checkpointer'
import type { Database } from '#db/work'
import { bumpCatalogRevision } from '~/lib/catalog-revision'
import { registerEventBus } from '~/live/event-bus'
import { createPostgresEventBus, type PostgresEventBus } from '~/live/postgres-event-bus'
import { scheduleMaintenance } from './maintenance'

type Open =
  | { engine: 'sqlite'; db: AppDatabase; checkpointer: WalCheckpointer; stopMaintenance: () => void }
  | { engine: 'postgres'; db: PostgresDatabase; bus: Promise<PostgresEventBus>; stopMaintenance: () => void }

let open: Open | undefined
let closed = false

/**
 * The server's database, opened on first use with its maintenance schedule: SQLite's one
 * connection with its WAL checkpointer (a worker thread: no request waits for a checkpoint), or,
 * with DATABASE_URL, a pool of PostgreSQL connections and the live-event bus every process shares.
 * Migrations ran before the server started.
 */
export function getDatabase(): Database {
  // A request still running after shutdown closed the connection must fail, not reopen the file
  // behind the checkpoint.
  if (closed) throw new Error('The database is closed: the server is stopping')
  if (!open) {
    const settings = serverSettings()
    if (settings.DATABASE_URL) {
      const db = openPostgres(settings.DATABASE_URL)
      const bus = createPostgresEventBus(db, { logSize: settings.LIVE_EVENT_LOG_SIZE }).then((bus) => {
        registerEventBus(db, bus)
        // What this process keeps from the whole catalog (the category counts) is counted again
        // after any process's catalog change, as the writer's own process does after its commit.
        bus.subscribe(undefined, (event) => {
          if (event.type === 'product' || event.type === 'category') bumpCatalogRevision(db)
        })
        return bus
      })
      // Several processes run the same maintenance; each pass is a few conditional DELETEs.
      open = { engine: 'postgres', db, bus, stopMaintenance: scheduleMaintenance(db) }
    } else {
      const db = openDatabase(settings.DATABASE_PATH)
      open = { engine: 'sqlite', db, stopMaintenance: scheduleMaintenance(db), checkpointer: startWalCheckpointer(db, settings.DATABASE_PATH) }
    }
  }
  return open.db
}

/**
 * The database once it can serve: on PostgreSQL, once this process listens for the other
 * processes' live events (a service's publish must reach them). Every request waits on it; after
 * the first, it is a settled promise.
 */
export async function databaseReady(): Promise<Database> {
  const db = getDatabase()
  if (open?.engine === 'postgres') await open.bus
  return db
}

/**
 * Closes the database. SQLite: folds the write-ahead log back into the file and closes the
 * connection, so a stopped server leaves one self-contained file to copy or restore; the
 * checkpointer stops first (its checkpoint in progress would make this one fail, and its open
 * connection would keep the log file). Safe between requests: every SQLite transaction is
 * synchronous, so none is open while the event loop runs this, and no request reopens the file
 * once `closed` is set. PostgreSQL: the bus writes what it queued, then the pool ends.
 */
export async function closeDatabase() {
  closed = true
  const current = open
  open = undefined
  if (!current) return
  current.stopMaintenance()
  if (current.engine === 'postgres') {
    await (await current.bus.catch(() => undefined))?.close()
    await current.db.$client.end()
    return
  }
  await current.checkpointer.stop()
  current.db.$client.pragma('wal_checkpoint(TRUNCATE)')
  current.db.$client.close()
}
