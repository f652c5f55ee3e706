import { categorySeeds } from '../seed-catalog.ts'
import { SEEDED_TABLES, seedAdmin, seedProducts, type SeedOptions, type SeedProduct } from '../seed.ts'
import type { PostgresDatabase } from './connection.ts'

// Rows per INSERT: each sends one array per column, so a batch is one statement and one round trip.
const BATCH = 5_000

const insertProducts = `
  INSERT INTO products (id, slug, sku, name, description, category, price_cents, stock, version, created_at, updated_at)
  SELECT id, slug, sku, name, description, category, price_cents, stock, 1, created_at, created_at
    FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[], $9::bigint[])
      AS row (id, slug, sku, name, description, category, price_cents, stock, created_at)`

function columnsOf(batch: SeedProduct[]) {
  return [
    batch.map((product) => product.id),
    batch.map((product) => product.slug),
    batch.map((product) => product.sku),
    batch.map((product) => product.name),
    batch.map((product) => product.description),
    batch.map((product) => product.category),
    batch.map((product) => product.priceCents),
    batch.map((product) => product.stock),
    batch.map((product) => product.createdAt),
  ]
}

/**
 * The seed of db/seed.ts written to PostgreSQL: the same rows (seedProducts), in one transaction.
 * The ids are the seed's own, so each identity sequence is moved past the largest before commit,
 * or the first product an admin creates would take id 1 again.
 */
export async function seedPostgres(db: PostgresDatabase, options: SeedOptions) {
  const admin = seedAdmin(options)
  const client = await db.$client.connect()
  try {
    await client.query('BEGIN')
    await client.query(`TRUNCATE ${SEEDED_TABLES.join(', ')} RESTART IDENTITY`)
    await client.query(
      'INSERT INTO categories (slug, name, position) SELECT * FROM unnest($1::text[], $2::text[], $3::int[])',
      [categorySeeds.map((category) => category.slug), categorySeeds.map((category) => category.name), categorySeeds.map((_, position) => position)],
    )
    let batch: SeedProduct[] = []
    for (const product of seedProducts(options.products, options.seed)) {
      batch.push(product)
      if (batch.length < BATCH) continue
      await client.query(insertProducts, columnsOf(batch))
      batch = []
    }
    if (batch.length > 0) await client.query(insertProducts, columnsOf(batch))
    await client.query(`SELECT setval(pg_get_serial_sequence('products', 'id'), (SELECT max(id) FROM products))`)
    await client.query('INSERT INTO admin_users (email, password_hash, created_at) VALUES ($1, $2, $3)', [admin.email, admin.passwordHash, admin.createdAt])
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK')
    throw error
  } finally {
    client.release()
  }
  // Fresh statistics let the planner pick the index that serves each filter and sort; the vacuum
  // marks the new rows all-visible, so a count reads its index alone (8.2 → 1.5 ms for a category).
  await db.$client.query('VACUUM ANALYZE')
}
