import { serverSettings } from '../../app.config'
import { openDatabase, type AppDatabase } from '#db/connection'
import { scheduleMaintenance } from './maintenance'

let database: AppDatabase | undefined

/** The server's one connection, opened on first use, with its maintenance schedule. Migrations ran before the server started. */
export function getDatabase(): AppDatabase {
  if (!database) {
    database = openDatabase(serverSettings().DATABASE_PATH)
    scheduleMaintenance(database)
  }
  return database
}
