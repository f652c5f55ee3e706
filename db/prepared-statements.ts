import type { AppDatabase } from './connection.ts'

/**
 * Statements prepared once per database, on first use. A query run through drizzle's builder has its
 * SQL rebuilt and compiled again on every call (better-sqlite3 keeps no statement cache); one
 * prepared with `sql.placeholder(...)` is built and compiled once, then only bound and stepped.
 * Keyed by the database, like the event bus: the server's one connection has its set, each test
 * database its own, and a closed connection's statements are collected with it.
 *
 * They are the connection's statements, and run inside `db.transaction(...)` like any other: on
 * better-sqlite3 a transaction is its connection's BEGIN…COMMIT (drizzle's BetterSQLiteSession runs
 * `client.transaction(callback).immediate(tx)`, and `tx` shares the session and its client).
 */
export function preparedPerDatabase<T>(prepare: (db: AppDatabase) => T): (db: AppDatabase) => T {
  const byDatabase = new WeakMap<AppDatabase, T>()
  return (db) => {
    let statements = byDatabase.get(db)
    if (!statements) byDatabase.set(db, (statements = prepare(db)))
    return statements
  }
}
