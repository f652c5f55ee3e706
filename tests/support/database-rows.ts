// The shop's rows as the database holds them, read around the API so a test checks what the
// server kept, not only what it answered; typed by the schema, so a renamed column fails to compile.
import { asc, count, eq, sql, type SQL } from 'drizzle-orm'
import type { SQLiteTable } from 'drizzle-orm/sqlite-core'
import type { AppDatabase } from '#db/connection'
import { cartLines, products, productSlugRedirects, stockMovements } from '#db/schema'
import { forgetCategoryCounts } from '~/features/catalog/category-counts.server'

export type ProductRow = typeof products.$inferSelect

/** A product's row, or undefined when there is none. */
export function findProduct(db: AppDatabase, id: number): ProductRow | undefined {
  return db.select().from(products).where(eq(products.id, id)).get()
}

/** A product's row; fails the test when the product does not exist. */
export function readProduct(db: AppDatabase, id: number): ProductRow {
  const row = findProduct(db, id)
  if (!row) throw new Error(`No product ${id} in the database`)
  return row
}

/** Changes a product's row without the API (no version bump, no movement), as a test's setup. */
export function updateProduct(db: AppDatabase, id: number, changes: Partial<Pick<ProductRow, 'name' | 'priceCents' | 'stock'>>) {
  db.update(products).set(changes).where(eq(products.id, id)).run()
}

/**
 * Takes a product off sale (or, with `archived: false`, puts it back) without the API, as an
 * admin's archive or restore would; forgets the kept category counts, as that write must.
 */
export function setArchived(db: AppDatabase, id: number, archived: boolean) {
  db.update(products)
    .set({ archivedAt: archived ? Date.now() : null })
    .where(eq(products.id, id))
    .run()
  forgetCategoryCounts(db)
}

/** Gives a product a new slug and keeps its old one as a redirect, as an admin's rename would. */
export function renameSlug(db: AppDatabase, id: number, slug: string) {
  const { slug: old } = readProduct(db, id)
  db.insert(productSlugRedirects).values({ slug: old, productId: id, createdAt: Date.now() }).run()
  db.update(products).set({ slug }).where(eq(products.id, id)).run()
}

/** The first `limit` products by name (ties by id): the order of a list sorted by name. */
export function readProductsByName(db: AppDatabase, limit: number): ProductRow[] {
  return db.select().from(products).orderBy(asc(products.name), asc(products.id)).limit(limit).all()
}

/**
 * Changes a product's row as a save the browser did not see: a new version and update time, so
 * an edit based on the row the browser holds conflicts. Without the API, so no movement.
 */
export function saveProductElsewhere(db: AppDatabase, id: number, changes: Partial<Pick<ProductRow, 'priceCents' | 'stock'>>) {
  db.update(products)
    .set({ ...changes, version: sql`${products.version} + 1`, updatedAt: Date.now() })
    .where(eq(products.id, id))
    .run()
}

/** What the audit trail says about a product's stock, oldest entry first. */
export function readStockMovements(db: AppDatabase, productId: number) {
  return db
    .select({ delta: stockMovements.delta, reason: stockMovements.reason, actor: stockMovements.actor, note: stockMovements.note })
    .from(stockMovements)
    .where(eq(stockMovements.productId, productId))
    .orderBy(asc(stockMovements.id))
    .all()
}

/** A product's quantity in each cart that holds it, oldest cart first: `[]` when no cart does. */
export function readCartQuantities(db: AppDatabase, productId: number): number[] {
  return db
    .select({ quantity: cartLines.quantity })
    .from(cartLines)
    .where(eq(cartLines.productId, productId))
    .orderBy(asc(cartLines.cartId))
    .all()
    .map((line) => line.quantity)
}

/** How many rows a table holds (those matching `where`, if given). */
export function countRows(db: AppDatabase, table: SQLiteTable, where?: SQL) {
  return db.select({ rows: count() }).from(table).where(where).get()?.rows ?? 0
}
