import { serverSettings } from '../../app.config'
import { openDatabase, type AppDatabase } from '#db/connection'

let database: AppDatabase | undefined

/** The server's one connection, opened on first use. Migrations ran before the server started. */
export function getDatabase(): AppDatabase {
  database ??= openDatabase(serverSettings().DATABASE_PATH)
  return database
}
