import { eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { all, get, getForUpdate, isUniqueViolation, prepare, read, run, transact, type Database, type Work } from '#db/work'

/**
 * What db/work.ts promises, written once and run on each engine: db/work.test.ts on SQLite,
 * db/work.postgres.test.ts on PostgreSQL. `open` gives a migrated, empty database.
 */
const categoryBySlug = prepare((db, t) =>
  db
    .select({ name: t.categories.name })
    .from(t.categories)
    .where(eq(t.categories.slug, sql.placeholder('slug'))),
)
const moveCategory = prepare((db, t) =>
  db
    .update(t.categories)
    .set({ position: sql`${sql.placeholder('position')}` })
    .where(eq(t.categories.slug, sql.placeholder('slug')))
    .returning({ slug: t.categories.slug, position: t.categories.position }),
)

export function describeWork(engine: string, open: () => Promise<Database>) {
  const addCategory = (slug: string) =>
    run((db, t) => db.insert(t.categories).values({ slug, name: slug.toUpperCase(), position: 0 }))

  function* addProduct(slug: string, stock: number): Work<number> {
    const row = yield* get((db, t) =>
      db
        .insert(t.products)
        .values({ slug, sku: slug, name: slug, description: '', category: 'desks', priceCents: 100, stock, createdAt: 0, updatedAt: 0 })
        .returning({ id: t.products.id }),
    )
    return row!.id
  }

  describe(`database work on ${engine}`, () => {
    it('gets rows, the first row, and the count of rows a write changed', async () => {
      const db = await open()
      await read(db, addCategory('desks'))
      await read(db, addCategory('chairs'))
      const slugs = await read(db, all((db, t) => db.select({ slug: t.categories.slug }).from(t.categories).orderBy(t.categories.slug)))
      expect(slugs).toEqual([{ slug: 'chairs' }, { slug: 'desks' }])
      expect(await read(db, get((db, t) => db.select().from(t.categories).where(eq(t.categories.slug, 'desks'))))).toEqual({ slug: 'desks', name: 'DESKS', position: 0, version: 1 })
      expect(await read(db, get((db, t) => db.select().from(t.categories).where(eq(t.categories.slug, 'rugs'))))).toBeUndefined()
      expect(await read(db, run((db, t) => db.update(t.categories).set({ position: 1 })))).toBe(2)
      expect(await read(db, run((db, t) => db.delete(t.categories).where(eq(t.categories.slug, 'rugs'))))).toBe(0)
    })

    it('runs a prepared statement with its parameters, outside and inside a transaction', async () => {
      const db = await open()
      await read(db, addCategory('desks'))
      await read(db, addCategory('chairs'))
      expect(await read(db, get(categoryBySlug, { slug: 'desks' }))).toEqual({ name: 'DESKS' })
      expect(await read(db, get(categoryBySlug, { slug: 'chairs' }))).toEqual({ name: 'CHAIRS' })
      const moved = await transact(db, function* () {
        const row = yield* get(moveCategory, { slug: 'chairs', position: 4 })
        return { row, name: yield* get(categoryBySlug, { slug: 'chairs' }) }
      })
      expect(moved).toEqual({ row: { slug: 'chairs', position: 4 }, name: { name: 'CHAIRS' } })
    })

    it('reads numbers as numbers: counts, sums and millisecond timestamps', async () => {
      const db = await open()
      await read(db, addCategory('desks'))
      const id = await read(db, addProduct('oak-desk', 7))
      const at = Date.UTC(2026, 11, 2, 12, 30)
      await read(db, run((db, t) => db.update(t.products).set({ updatedAt: at }).where(eq(t.products.id, id))))
      const row = await read(db, get((db, t) => db.select({ count: sql<number>`count(*)`, units: sql<number>`coalesce(sum(${t.products.stock}), 0)`, at: t.products.updatedAt }).from(t.products).groupBy(t.products.updatedAt)))
      expect(row).toEqual({ count: 1, units: 7, at })
    })

    it('keeps nothing of a transaction that throws, and hands the error to the caller', async () => {
      const db = await open()
      await read(db, addCategory('desks'))
      const failing = transact(db, function* () {
        yield* addProduct('oak-desk', 3)
        throw new Error('refused after the write')
      })
      await expect(failing).rejects.toThrow('refused after the write')
      expect(await read(db, all((db, t) => db.select().from(t.products)))).toEqual([])
    })

    it('throws a failed query back into the work, where it can be handled', async () => {
      const db = await open()
      await read(db, addCategory('desks'))
      const outcome = await transact(db, function* () {
        try {
          yield* addCategory('desks')
          return 'written twice'
        } catch (error) {
          return isUniqueViolation(error) ? 'already there' : 'another failure'
        }
      })
      expect(outcome).toBe('already there')
    })

    it('loses no update when concurrent transactions read a row for update, then write it', async () => {
      const db = await open()
      await read(db, addCategory('desks'))
      const id = await read(db, addProduct('oak-desk', 40))
      function* takeOne() {
        const product = yield* getForUpdate((db, t) => db.select({ stock: t.products.stock }).from(t.products).where(eq(t.products.id, id)))
        // The new stock is computed here, from what was read: without the lock, two transactions
        // reading 40 would both write 39.
        yield* run((db, t) => db.update(t.products).set({ stock: product!.stock - 1 }).where(eq(t.products.id, id)))
      }
      await Promise.all(Array.from({ length: 25 }, () => transact(db, takeOne)))
      expect(await read(db, get((db, t) => db.select({ stock: t.products.stock }).from(t.products).where(eq(t.products.id, id))))).toEqual({ stock: 15 })
    })
  })
}
