import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { seedDatabase } from '#db/seed'
import { products } from '#db/schema'
import { createTestDatabase, SEEDED_ADMIN } from '../../../tests/support/test-database'
import { forgetCategoryCounts, listCategories } from './category-counts.server'

const total = (counts: Array<{ productCount: number }>) => counts.reduce((sum, category) => sum + category.productCount, 0)
const countOf = (counts: Array<{ slug: string; productCount: number }>, slug: string) => counts.find((category) => category.slug === slug)?.productCount

describe('category counts', () => {
  let directory: string
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'cartwheel-counts-'))
  })
  afterEach(() => rmSync(directory, { recursive: true, force: true }))

  it('follow a reseed committed by another connection to the file', async () => {
    const path = join(directory, 'shop.db')
    const server = createTestDatabase({ products: 300, path })
    expect(total(await listCategories(server))).toBe(300)

    const seeder = createTestDatabase({ path })
    seedDatabase(seeder, { products: 120, adminEmail: SEEDED_ADMIN.email, adminPassword: SEEDED_ADMIN.password })
    seeder.$client.close()

    expect(total(await listCategories(server))).toBe(120)
    server.$client.close()
  })

  it('are counted again after a write on this connection forgets them', async () => {
    const db = createTestDatabase({ products: 300 })
    const before = await listCategories(db)
    const moved = db.select({ id: products.id, category: products.category }).from(products).where(eq(products.category, 'desks')).get()
    if (!moved) throw new Error('The seed has no desk')
    db.update(products).set({ category: 'chairs' }).where(eq(products.id, moved.id)).run()

    forgetCategoryCounts(db)

    const after = await listCategories(db)
    expect(countOf(after, 'desks')).toBe((countOf(before, 'desks') ?? 0) - 1)
    expect(countOf(after, 'chairs')).toBe((countOf(before, 'chairs') ?? 0) + 1)
  })
})
