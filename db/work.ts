import type { RunResult } from 'better-sqlite3'
import type { AppDatabase, AppTransaction } from './connection.ts'
import type { PostgresDatabase } from './postgres/connection.ts'
import * as postgresTables from './postgres/schema.ts'
import * as sqliteTables from './schema.ts'

/**
 * Database work written once, for both engines (docs/decisions/0010).
 *
 * A service's queries run in a generator: it yields each query and gets its rows back, and a driver
 * runs it. On SQLite the driver is synchronous, inside better-sqlite3's immediate transaction: no
 * await, no other request in between, as before. On PostgreSQL the same generator is driven with an
 * await per query, inside a transaction on one pooled connection.
 *
 *   function* reserve(productId: number) {
 *     const product = yield* getForUpdate((db, t) => db.select().from(t.products).where(eq(t.products.id, productId)))
 *     …
 *   }
 *   const result = await transact(db, () => reserve(7))
 *
 * A query is a function of the session and the engine's tables that returns a drizzle builder, not
 * yet run: the driver builds it with the engine's own dialect and tables (db/schema.ts or its twin
 * db/postgres/schema.ts) and runs it the engine's way. The builders are typed as SQLite's; the twin
 * test (db/schema-twins.test.ts) is what makes that true of PostgreSQL's: same names, same columns,
 * values of the same JavaScript kinds.
 */

/** A connection of either engine, as the server and the tests hold it. */
export type Database = AppDatabase | PostgresDatabase

export type Engine = 'sqlite' | 'postgres'

/** better-sqlite3's handle has `pragma`; node-postgres' pool does not. */
export const engineOf = (db: Database): Engine => ('pragma' in db.$client ? 'sqlite' : 'postgres')

/** The tables as queries see them: SQLite's module, standing for either twin. */
export type Tables = typeof sqliteTables

/** What a query is built on: the database outside a transaction, the transaction inside one. */
export type Session = AppDatabase | AppTransaction

type Build<Builder> = (db: Session, t: Tables) => Builder

type Step =
  | { kind: 'all'; build: Build<{ all(): unknown[] }>; lock: boolean }
  | { kind: 'get'; build: Build<{ get(): unknown }>; lock: boolean }
  | { kind: 'run'; build: Build<{ run(): unknown }>; lock: false }

/** Work on the database: a generator of queries, returning T. Compose with `yield*`. */
export type Work<T> = Generator<Step, T, unknown>

/** Every row the query returns. */
export function* all<Row>(build: Build<{ all(): Row[] }>): Work<Row[]> {
  return (yield { kind: 'all', build, lock: false }) as Row[]
}

/** The first row the query returns, if any. */
export function* get<Row>(build: Build<{ get(): Row | undefined }>): Work<Row | undefined> {
  return (yield { kind: 'get', build, lock: false }) as Row | undefined
}

/**
 * The first row, locked until the transaction ends (`SELECT … FOR UPDATE` on PostgreSQL): another
 * transaction that wants it waits. On SQLite a plain read: the immediate transaction already
 * keeps every other writer out.
 */
export function* getForUpdate<Row>(build: Build<{ get(): Row | undefined }>): Work<Row | undefined> {
  return (yield { kind: 'get', build, lock: true }) as Row | undefined
}

/** Runs a write that returns no rows; answers how many rows it changed. */
export function* run(build: Build<{ run(): unknown }>): Work<number> {
  return (yield { kind: 'run', build, lock: false }) as number
}

// ---------------------------------------------------------------------------------------------
// SQLite: synchronous

function sqliteStep(step: Step, session: Session): unknown {
  switch (step.kind) {
    case 'all':
      return step.build(session, sqliteTables).all()
    case 'get':
      return step.build(session, sqliteTables).get()
    case 'run':
      return (step.build(session, sqliteTables).run() as RunResult).changes
  }
}

function driveSync<T>(work: Work<T>, session: Session): T {
  let answer: unknown
  let failure: { error: unknown } | undefined
  for (;;) {
    const next = failure ? work.throw(failure.error) : work.next(answer)
    failure = undefined
    if (next.done) return next.value
    try {
      answer = sqliteStep(next.value, session)
    } catch (error) {
      // Thrown back into the work, where a try/catch may handle it, as a synchronous call would.
      failure = { error }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: one await per query

type PgBuilder = PromiseLike<unknown> & { for?: (strength: 'update') => PromiseLike<unknown> }

async function postgresStep(step: Step, session: unknown): Promise<unknown> {
  const builder = step.build(session as Session, postgresTables as unknown as Tables) as unknown as PgBuilder
  const result = await (step.lock && builder.for ? builder.for('update') : builder)
  switch (step.kind) {
    case 'all':
      return result
    case 'get':
      return (result as unknown[])[0]
    case 'run':
      return (result as { rowCount: number | null }).rowCount ?? 0
  }
}

async function driveAsync<T>(work: Work<T>, session: unknown): Promise<T> {
  let answer: unknown
  let failure: { error: unknown } | undefined
  for (;;) {
    const next = failure ? work.throw(failure.error) : work.next(answer)
    failure = undefined
    if (next.done) return next.value
    try {
      answer = await postgresStep(next.value, session)
    } catch (error) {
      failure = { error }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Entry points

/** Runs work outside a transaction: each query on its own (reads, and single writes). */
export function read<T>(db: Database, work: Work<T>): Promise<T> {
  if (engineOf(db) === 'sqlite') {
    try {
      return Promise.resolve(driveSync(work, db as AppDatabase))
    } catch (error) {
      return Promise.reject(error)
    }
  }
  return driveAsync(work, db)
}

/** PostgreSQL's codes for a deadlock and a serialization failure: the transaction may simply be run again. */
const RETRYABLE = new Set(['40P01', '40001'])
const ATTEMPTS = 5

/**
 * Runs work in one transaction, all or nothing. SQLite: an immediate transaction, driven
 * synchronously (no other writer from BEGIN to COMMIT). PostgreSQL: READ COMMITTED on one pooled
 * connection; rows the work reads with `getForUpdate` stay locked until COMMIT, and a conditional
 * UPDATE waits for the row and re-checks its condition. A deadlock or serialization failure runs
 * the whole work again (a new generator from `start`), up to five times.
 */
export async function transact<T>(db: Database, start: () => Work<T>): Promise<T> {
  if (engineOf(db) === 'sqlite') return (db as AppDatabase).transaction((tx) => driveSync(start(), tx), { behavior: 'immediate' })
  for (let attempt = 1; ; attempt++) {
    try {
      return await (db as PostgresDatabase).transaction((tx) => driveAsync(start(), tx))
    } catch (error) {
      if (attempt >= ATTEMPTS || !RETRYABLE.has(postgresCode(error) ?? '')) throw error
    }
  }
}

/** The SQLSTATE of a PostgreSQL error, also when drizzle wrapped it (`cause`). */
function postgresCode(error: unknown): string | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code
  }
  return undefined
}

/** Whether a write failed on a UNIQUE constraint (or primary key), on either engine. */
export function isUniqueViolation(error: unknown) {
  for (let current = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code
    if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return true
  }
  return false
}
