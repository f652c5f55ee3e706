import { eq } from 'drizzle-orm'
import { beforeAll, expect, it } from 'vitest'
import { seedPostgres } from '#db/postgres/seed'
import { read, run, type Database } from '#db/work'
import { SEEDED_ADMIN } from '../../../tests/support/test-database'
import { createPostgresTestDatabase } from '../../../tests/support/postgres-database'
import { listCategories, POSTGRES_COUNTS_KEPT_MS } from './category-counts.server'

let db: Database
beforeAll(async () => {
  const created = await createPostgresTestDatabase({ connections: 2 })
  await seedPostgres(created, { products: 50, adminEmail: SEEDED_ADMIN.email, adminPassword: SEEDED_ADMIN.password })
  db = created
})

const desks = (counts: Array<{ slug: string; productCount: number }>) => counts.find((category) => category.slug === 'desks')?.productCount ?? 0

it('counts again once the kept counts are a minute old, even when no live event said they moved', async () => {
  const start = Date.now()
  const before = desks(await listCategories(db, start))
  // Another process's change whose live event never came (it was killed after its commit).
  await read(db, run((db, t) => db.update(t.products).set({ category: 'desks' }).where(eq(t.products.category, 'chairs'))))
  expect(desks(await listCategories(db, start + POSTGRES_COUNTS_KEPT_MS - 1))).toBe(before)
  expect(desks(await listCategories(db, start + POSTGRES_COUNTS_KEPT_MS))).toBeGreaterThan(before)
})
