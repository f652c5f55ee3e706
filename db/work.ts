import type { RunResult } from 'better-sqlite3'
import { sql } from 'drizzle-orm'
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

/** Builds a query on the session with the engine's tables; the engine is named for the rare SQL of one engine only. */
type Build<Builder> = (db: Session, t: Tables, engine: Engine) => Builder

/**
 * A query prepared once per database: on SQLite it is built and compiled once, then only bound
 * and stepped (better-sqlite3 keeps no statement cache of its own); on PostgreSQL it runs as a
 * named statement, which each connection parses once. Its parameters are `sql.placeholder(name)`.
 */
export type Statement<Builder> = { name: string; build: Build<Builder> }

let statements = 0

/** Declares a prepared statement (at module level: one per query text). */
export function prepare<Builder>(build: Build<Builder>): Statement<Builder> {
  statements += 1
  return { name: `cartwheel_${statements}`, build }
}

type Params = Record<string, unknown>
type Query<Builder> = Build<Builder> | Statement<Builder>

type Step =
  | { kind: 'all' | 'get' | 'run'; query: Query<unknown>; params: Params | undefined; lock: boolean }
  | { kind: 'serialize'; name: string }
  | { kind: 'engine' }

/** Work on the database: a generator of queries, returning T. Compose with `yield*`. */
export type Work<T> = Generator<Step, T, unknown>

/** Every row the query returns. */
export function* all<Row>(query: Query<{ all(): Row[] }>, params?: Params): Work<Row[]> {
  return (yield { kind: 'all', query, params, lock: false }) as Row[]
}

/** The first row the query returns, if any. */
export function* get<Row>(query: Query<{ get(): Row | undefined }>, params?: Params): Work<Row | undefined> {
  return (yield { kind: 'get', query, params, lock: false }) as Row | undefined
}

/**
 * The first row, locked until the transaction ends (`SELECT … FOR UPDATE` on PostgreSQL): another
 * transaction that wants it waits. On SQLite a plain read: the immediate transaction already
 * keeps every other writer out.
 */
export function* getForUpdate<Row>(query: Query<{ get(): Row | undefined }>, params?: Params): Work<Row | undefined> {
  return (yield { kind: 'get', query, params, lock: true }) as Row | undefined
}

/** Every row, each locked until the transaction ends, as `getForUpdate` locks one. */
export function* allForUpdate<Row>(query: Query<{ all(): Row[] }>, params?: Params): Work<Row[]> {
  return (yield { kind: 'all', query, params, lock: true }) as Row[]
}

/** The engine the work runs on, for the few queries written once per engine (full-text search). */
export function* currentEngine(): Work<Engine> {
  return (yield { kind: 'engine' }) as Engine
}

/**
 * Makes the transactions that take the lock `name` run one at a time, to their end: on
 * PostgreSQL a transaction-level advisory lock (`pg_advisory_xact_lock`), for the writes whose
 * rules read several rows that no single row lock covers (a slug free among products and
 * redirects). On SQLite nothing: its immediate transaction already runs alone.
 */
export function* serialize(name: string): Work<void> {
  yield { kind: 'serialize', name }
}

/** Runs a write that returns no rows; answers how many rows it changed. */
export function* run(query: Query<{ run(): unknown }>, params?: Params): Work<number> {
  return (yield { kind: 'run', query, params, lock: false }) as number
}

// ---------------------------------------------------------------------------------------------
// SQLite: synchronous

type SqliteRunnable = { all(params?: Params): unknown[]; get(params?: Params): unknown; run(params?: Params): unknown }

// Prepared statements per database, as the event bus is kept per database: each test database
// has its own, and a closed connection's statements are collected with it.
const preparedByDatabase = new WeakMap<AppDatabase, Map<Statement<unknown>, SqliteRunnable>>()

function sqliteRunnable(query: Query<unknown>, session: Session, root: AppDatabase): SqliteRunnable {
  if (typeof query === 'function') return query(session, sqliteTables, 'sqlite') as SqliteRunnable
  let prepared = preparedByDatabase.get(root)
  if (!prepared) preparedByDatabase.set(root, (prepared = new Map()))
  let statement = prepared.get(query)
  // Prepared on the database, they run inside its transactions too: one connection, one BEGIN…COMMIT.
  if (!statement) prepared.set(query, (statement = (query.build(root, sqliteTables, 'sqlite') as { prepare(): SqliteRunnable }).prepare()))
  return statement
}

function sqliteStep(step: Step, session: Session, root: AppDatabase): unknown {
  if (step.kind === 'serialize') return undefined
  if (step.kind === 'engine') return 'sqlite'
  const runnable = sqliteRunnable(step.query, session, root)
  switch (step.kind) {
    case 'all':
      return runnable.all(step.params)
    case 'get':
      return runnable.get(step.params)
    case 'run':
      return (runnable.run(step.params) as RunResult).changes
  }
}

function driveSync<T>(work: Work<T>, session: Session, root: AppDatabase): T {
  let answer: unknown
  let failure: { error: unknown } | undefined
  for (;;) {
    const next = failure ? work.throw(failure.error) : work.next(answer)
    failure = undefined
    if (next.done) return next.value
    try {
      answer = sqliteStep(next.value, session, root)
    } catch (error) {
      // Thrown back into the work, where a try/catch may handle it, as a synchronous call would.
      failure = { error }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: one await per query

type PgBuilder = PromiseLike<unknown> & { for?: (strength: 'update') => PgBuilder; prepare(name: string): { execute(params?: Params): Promise<unknown> } }

async function postgresStep(step: Step, session: unknown): Promise<unknown> {
  if (step.kind === 'engine') return 'postgres'
  if (step.kind === 'serialize') return (session as PostgresDatabase).execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`cartwheel:${step.name}`}))`)
  const build = typeof step.query === 'function' ? step.query : step.query.build
  let builder = build(session as Session, postgresTables as unknown as Tables, 'postgres') as unknown as PgBuilder
  if (step.lock && builder.for) builder = builder.for('update')
  const result = typeof step.query === 'function' ? await builder : await builder.prepare(step.query.name).execute(step.params)
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

/**
 * Runs work outside a transaction: each query on its own (reads, and single writes). Takes the
 * work, or a generator function that starts it.
 */
export function read<T>(db: Database, start: Work<T> | (() => Work<T>)): Promise<T> {
  const work = typeof start === 'function' ? start() : start
  if (engineOf(db) === 'sqlite') {
    try {
      return Promise.resolve(driveSync(work, db as AppDatabase, db as AppDatabase))
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
  if (engineOf(db) === 'sqlite') return (db as AppDatabase).transaction((tx) => driveSync(start(), tx, db as AppDatabase), { behavior: 'immediate' })
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
