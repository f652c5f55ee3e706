import { getTableName, is, Table, type SQL } from 'drizzle-orm'
import { getTableConfig as getPgTableConfig, PgDialect, type PgTable } from 'drizzle-orm/pg-core'
import { getTableConfig as getSqliteTableConfig, SQLiteSyncDialect, type SQLiteTable } from 'drizzle-orm/sqlite-core'
import { describe, expect, it } from 'vitest'
import * as pgSchema from './postgres/schema.ts'
import * as sqliteSchema from './schema.ts'

/**
 * The two schema modules are twins kept by hand (docs/decisions/0009). This reads each table of
 * both, renders every constraint and index condition in its own dialect, and compares: a column,
 * key, index or CHECK added to one and not the other fails here, naming it.
 */

// The column types that differ by design, per engine (SQLite's integers are 64-bit; PostgreSQL
// needs bigint for millisecond timestamps, and keeps the order's address as jsonb).
const sameKind: Record<string, string> = {
  'SQLiteInteger→PgInteger': 'integer',
  'SQLiteInteger→PgBigInt53': 'integer',
  'SQLiteText→PgText': 'text',
  'SQLiteTextJson→PgJsonb': 'json',
}

// Indexes one engine has and the other serves another way: SQLite searches an FTS5 table
// (migration 0001), PostgreSQL an expression index over to_tsvector.
const ownIndexes = { postgres: ['products_search_idx'], sqlite: [] as string[] }

// Tables one engine has and the other does without, each with the reason.
const ownTables: Record<'postgres' | 'sqlite', Record<string, string>> = {
  postgres: {
    rate_limit_events: 'rate limits shared by several processes; on SQLite the one process counts in memory',
    live_events: 'the live-event log several processes share; on SQLite the one process keeps it in memory',
  },
  sqlite: {},
}

const pgDialect = new PgDialect()
const sqliteDialect = new SQLiteSyncDialect()
const render = (engine: 'pg' | 'sqlite', fragment: SQL | undefined) =>
  fragment === undefined ? undefined : (engine === 'pg' ? pgDialect : sqliteDialect).sqlToQuery(fragment).sql

function tablesOf(schema: Record<string, unknown>) {
  return Object.fromEntries(Object.values(schema).flatMap((value) => (is(value, Table) ? [[getTableName(value), value]] : [])))
}

type ForeignKeyConfig = {
  reference(): { columns: Array<{ name: string }>; foreignTable: Table; foreignColumns: Array<{ name: string }> }
  onDelete?: string | undefined
}

const describeForeignKey = (key: ForeignKeyConfig) => {
  const reference = key.reference()
  return {
    columns: reference.columns.map((column) => column.name),
    table: getTableName(reference.foreignTable),
    foreignColumns: reference.foreignColumns.map((column) => column.name),
    onDelete: key.onDelete ?? 'no action',
  }
}

function describePg(table: PgTable) {
  const config = getPgTableConfig(table)
  return {
    columns: config.columns.map((column) => ({
      name: column.name,
      notNull: column.notNull,
      primary: column.primary,
      // An identity column is the twin of SQLite's AUTOINCREMENT key: both fill themselves.
      fillsItself: column.hasDefault && column.default === undefined,
      default: column.default,
      unique: column.isUnique,
      type: column.columnType,
    })),
    primaryKey: config.primaryKeys.map((key) => key.columns.map((column) => column.name)),
    indexes: config.indexes
      .filter((index) => !ownIndexes.postgres.includes(index.config.name ?? ''))
      .map((index) => ({
        name: index.config.name,
        columns: index.config.columns.map((column) => ('name' in column ? column.name : render('pg', column as SQL))),
        unique: index.config.unique,
        where: render('pg', index.config.where),
      })),
    checks: config.checks.map((check) => ({ name: check.name, condition: render('pg', check.value) })),
    foreignKeys: config.foreignKeys.map(describeForeignKey),
  }
}

function describeSqlite(table: SQLiteTable) {
  const config = getSqliteTableConfig(table)
  return {
    columns: config.columns.map((column) => ({
      name: column.name,
      notNull: column.notNull,
      primary: column.primary,
      fillsItself: column.primary && column.columnType === 'SQLiteInteger' && (column as unknown as { autoIncrement: boolean }).autoIncrement,
      default: column.default,
      unique: column.isUnique,
      type: column.columnType,
    })),
    primaryKey: config.primaryKeys.map((key) => key.columns.map((column) => column.name)),
    indexes: config.indexes
      .filter((index) => !ownIndexes.sqlite.includes(index.config.name))
      .map((index) => ({
        name: index.config.name,
        columns: index.config.columns.map((column) => ('name' in column ? column.name : render('sqlite', column as SQL))),
        unique: index.config.unique,
        where: render('sqlite', index.config.where),
      })),
    checks: config.checks.map((check) => ({ name: check.name, condition: render('sqlite', check.value) })),
    foreignKeys: config.foreignKeys.map(describeForeignKey),
  }
}

const pgTables = tablesOf(pgSchema) as Record<string, PgTable>
const sqliteTables = tablesOf(sqliteSchema) as Record<string, SQLiteTable>

describe('the PostgreSQL schema is the twin of the SQLite schema', () => {
  const twins = (tables: object, own: object) => Object.keys(tables).filter((name) => !(name in own)).sort()

  it('has the same tables, apart from each engine’s own', () => {
    expect(twins(pgTables, ownTables.postgres)).toEqual(twins(sqliteTables, ownTables.sqlite))
  })

  describe.each(twins(sqliteTables, ownTables.sqlite))('%s', (name) => {
    const sqlite = describeSqlite(sqliteTables[name] as SQLiteTable)
    const pg = describePg(pgTables[name] as PgTable)

    it('has the same columns, each with a type of the same kind', () => {
      const withoutType = ({ type: _type, ...column }: { type: string }) => column
      expect(pg.columns.map(withoutType)).toEqual(sqlite.columns.map(withoutType))
      const kinds = sqlite.columns.map((column, index) => `${column.name}: ${sameKind[`${column.type}→${pg.columns[index]?.type}`] ?? `${column.type} is not ${pg.columns[index]?.type}`}`)
      expect(kinds.filter((kind) => kind.includes(' is not '))).toEqual([])
    })

    it('has the same keys, indexes, CHECK constraints and references', () => {
      const { columns: _pgColumns, ...pgRest } = pg
      const { columns: _sqliteColumns, ...sqliteRest } = sqlite
      expect(pgRest).toEqual(sqliteRest)
    })
  })
})
