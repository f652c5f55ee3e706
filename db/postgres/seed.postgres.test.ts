import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { createPostgresTestDatabase } from '../../tests/support/postgres-database'
import { openDatabase } from '../connection.ts'
import { applyMigrations } from '../migrate.ts'
import { verifyPassword } from '../password.ts'
import { seedDatabase } from '../seed.ts'
import type { PostgresDatabase } from './connection.ts'
import { seedPostgres } from './seed.ts'

const options = { products: 1_200, adminEmail: 'Admin@Cartwheel.test', adminPassword: 'cartwheel-admin' }
const productColumns = 'id, slug, sku, name, description, category, price_cents, stock, version, archived_at, created_at, updated_at'

let db: PostgresDatabase & { url: string }
beforeAll(async () => {
  db = await createPostgresTestDatabase({ connections: 2 })
  await seedPostgres(db, options)
})

const rows = async (text: string) => (await db.$client.query(text)).rows as Array<Record<string, unknown>>

describe('the seed on PostgreSQL', () => {
  it('writes the same categories and products as on SQLite, row for row', async () => {
    const sqlite = openDatabase(':memory:')
    applyMigrations(sqlite)
    seedDatabase(sqlite, options)
    const fromSqlite = (text: string) => sqlite.$client.prepare(text).all()
    // More than one batch of the PostgreSQL writer (5,000 rows) is not needed to compare: 1,200 are.
    expect(await rows(`SELECT ${productColumns} FROM products ORDER BY id`)).toEqual(fromSqlite(`SELECT ${productColumns} FROM products ORDER BY id`))
    expect(await rows('SELECT * FROM categories ORDER BY position')).toEqual(fromSqlite('SELECT * FROM categories ORDER BY position'))
    sqlite.$client.close()
  })

  it('stores the admin with a lower-case address and an scrypt hash', async () => {
    const [admin] = await rows('SELECT email, password_hash FROM admin_users')
    expect(admin?.email).toBe('admin@cartwheel.test')
    expect(await verifyPassword('cartwheel-admin', String(admin?.password_hash))).toBe(true)
  })

  it('moves the product ids on past the seeded ones, so the next product gets a new id', async () => {
    const [created] = await rows(
      `INSERT INTO products (slug, sku, name, description, category, price_cents, stock, created_at, updated_at)
       VALUES ('new-desk', 'CW-NEW-1', 'New Desk', 'A desk', 'desks', 100, 1, 0, 0) RETURNING id`,
    )
    expect(created?.id).toBe(options.products + 1)
  })

  it('replaces everything on a second run, through the README command', async () => {
    await db.$client.query(`INSERT INTO carts (token, created_at, updated_at) VALUES ('a-cart', 0, 0)`)
    const run = promisify(execFile)
    const env = { ...process.env, DATABASE_URL: db.url }
    const { stdout } = await run('npm', ['run', '--silent', 'db:seed', '--', '--products', '40'], { env })
    expect(stdout).toMatch(/Seeded the PostgreSQL database postgres:\/\/.* with 40 products/)
    expect(await rows('SELECT count(*) AS products, (SELECT count(*) FROM carts) AS carts FROM products')).toEqual([{ products: 40, carts: 0 }])
    const migrated = await run('npm', ['run', '--silent', 'db:migrate'], { env })
    expect(migrated.stdout).toMatch(/Migrated the PostgreSQL database/)
  }, 60_000)
})
