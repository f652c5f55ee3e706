import { getTableName, is, Table } from 'drizzle-orm'
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { createPostgresTestDatabase } from '../../tests/support/postgres-database'
import type { PostgresDatabase } from './connection.ts'
import * as schema from './schema.ts'

/**
 * The committed PostgreSQL migrations build exactly what db/postgres/schema.ts describes: every
 * table, column (type and nullability), index and CHECK constraint, read back from the migrated
 * database's catalog. With db/schema-twins.test.ts this ties PostgreSQL's migrations to SQLite's schema.
 */

const tables = (Object.values(schema) as unknown[]).filter((value): value is PgTable => is(value, Table))

let db: PostgresDatabase
beforeAll(async () => {
  db = await createPostgresTestDatabase({ connections: 1 })
})

const rows = async <T>(text: string, values: unknown[] = []) => (await db.$client.query(text, values)).rows as T[]

describe('the migrated PostgreSQL database', () => {
  it('has the tables of the schema module and no others', async () => {
    const found = await rows<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`)
    expect(found.map((row) => row.table_name)).toEqual(tables.map((table) => getTableName(table)).sort())
  })

  describe.each(tables.map((table) => [getTableName(table), table] as const))('%s', (name, table) => {
    const config = getTableConfig(table)

    it('has each column with its type and nullability', async () => {
      const found = await rows<{ column_name: string; type: string; is_nullable: string }>(
        `SELECT attname AS column_name, format_type(atttypid, atttypmod) AS type, CASE WHEN attnotnull THEN 'NO' ELSE 'YES' END AS is_nullable
           FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
        [name],
      )
      expect(found.map((row) => [row.column_name, row.type, row.is_nullable === 'NO'])).toEqual(
        config.columns.map((column) => [column.name, column.getSQLType(), column.notNull]),
      )
    })

    it('has each index and CHECK constraint', async () => {
      const indexes = await rows<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND tablename = $1`, [name])
      const expected = [
        ...config.indexes.map((index) => index.config.name),
        ...config.columns.filter((column) => column.isUnique).map((column) => column.uniqueName),
        ...(config.columns.some((column) => column.primary) || config.primaryKeys.length > 0 ? [`${name}_pkey`] : []),
      ]
      // drizzle names a composite key `<table>_<columns>_pk`; PostgreSQL keeps that name.
      const composite = config.primaryKeys.map((key) => key.getName())
      expect(indexes.map((row) => row.indexname).sort()).toEqual(
        expected.map((indexName) => (indexName === `${name}_pkey` && composite[0] ? composite[0] : indexName)).sort(),
      )
      const checks = await rows<{ conname: string }>(`SELECT conname FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'c'`, [name])
      expect(checks.map((row) => row.conname).sort()).toEqual(config.checks.map((check) => check.name).sort())
    })
  })

  it('refuses a negative stock through its CHECK constraint', async () => {
    await db.$client.query(`INSERT INTO categories (slug, name, position) VALUES ('desks', 'Desks', 0)`)
    const insert = (stock: number) =>
      db.$client.query(
        `INSERT INTO products (slug, sku, name, description, category, price_cents, stock, created_at, updated_at)
         VALUES ($1, $1, 'Desk', 'A desk', 'desks', 100, $2, 0, 0)`,
        [`desk-${stock}`, stock],
      )
    await insert(3)
    await expect(insert(-1)).rejects.toThrow(/products_stock_not_negative/)
  })

  it('sorts text byte by byte, as SQLite does', async () => {
    const [order] = await rows<{ sorted: string[] }>(`SELECT array_agg(word ORDER BY word) AS sorted FROM unnest(ARRAY['b', 'B', 'a', 'A', 'é']) AS word`)
    expect(order?.sorted).toEqual(['A', 'B', 'a', 'b', 'é'])
  })
})
