// The shop's rows as the database holds them, read and written around the API, on either engine
// (db/work.ts): a test checks what the server kept, not only what it answered, and sets up what
// another shopper or admin would have done. Typed by the schema, so a renamed column fails to compile.
import { asc, count, desc, eq, max, sql, type SQL } from 'drizzle-orm'
import type { products } from '#db/schema'
import { all, get, read, run, type Database, type Tables } from '#db/work'
import { forgetCategoryCounts } from '~/features/catalog/category-counts.server'

export type ProductRow = typeof products.$inferSelect

/** A product's row, or undefined when there is none. */
export function findProduct(db: Database, id: number): Promise<ProductRow | undefined> {
  return read(db, get((db, t) => db.select().from(t.products).where(eq(t.products.id, id))))
}

/** A product's row; fails the test when the product does not exist. */
export async function readProduct(db: Database, id: number): Promise<ProductRow> {
  const row = await findProduct(db, id)
  if (!row) throw new Error(`No product ${id} in the database`)
  return row
}

/** Changes a product's row without the API (no version bump, no movement), as a test's setup. */
export async function updateProduct(db: Database, id: number, changes: Partial<Pick<ProductRow, 'name' | 'priceCents' | 'stock'>>) {
  await read(db, run((db, t) => db.update(t.products).set(changes).where(eq(t.products.id, id))))
}

/** Every product's stock, as a test's setup. */
export async function setEveryStock(db: Database, stock: number) {
  await read(db, run((db, t) => db.update(t.products).set({ stock })))
}

/**
 * Takes a product off sale (or, with `archived: false`, puts it back) without the API, as an
 * admin's archive or restore would; forgets the kept category counts, as that write must.
 */
export async function setArchived(db: Database, id: number, archived: boolean) {
  await read(db, run((db, t) => db.update(t.products).set({ archivedAt: archived ? Date.now() : null }).where(eq(t.products.id, id))))
  forgetCategoryCounts(db)
}

/** Gives a product a new slug and keeps its old one as a redirect, as an admin's rename would. */
export async function renameSlug(db: Database, id: number, slug: string) {
  const { slug: old } = await readProduct(db, id)
  await read(db, run((db, t) => db.insert(t.productSlugRedirects).values({ slug: old, productId: id, createdAt: Date.now() })))
  await read(db, run((db, t) => db.update(t.products).set({ slug }).where(eq(t.products.id, id))))
}

/**
 * Changes a product's row as a save the browser did not see: a new version and update time, so
 * an edit based on the row the browser holds conflicts. Without the API, so no movement.
 */
export async function saveProductElsewhere(db: Database, id: number, changes: Partial<Pick<ProductRow, 'priceCents' | 'stock'>>) {
  await read(db, run((db, t) => db.update(t.products).set({ ...changes, version: sql`${t.products.version} + 1`, updatedAt: Date.now() }).where(eq(t.products.id, id))))
}

/** What the audit trail says about a product's stock, oldest entry first. */
export function readStockMovements(db: Database, productId: number) {
  return read(
    db,
    all((db, t) =>
      db
        .select({ delta: t.stockMovements.delta, reason: t.stockMovements.reason, actor: t.stockMovements.actor, note: t.stockMovements.note })
        .from(t.stockMovements)
        .where(eq(t.stockMovements.productId, productId))
        .orderBy(asc(t.stockMovements.id)),
    ),
  )
}

/** A product's quantity in each cart that holds it, oldest cart first: `[]` when no cart does. */
export async function readCartQuantities(db: Database, productId: number): Promise<number[]> {
  const lines = await read(db, all((db, t) => db.select({ quantity: t.cartLines.quantity }).from(t.cartLines).where(eq(t.cartLines.productId, productId)).orderBy(asc(t.cartLines.cartId))))
  return lines.map((line) => line.quantity)
}

type TableName = { [K in keyof Tables]: Tables[K] extends { _: { name: string } } ? K : never }[keyof Tables]

/** How many rows a table holds (those matching `where`, built on the engine's tables, if given). */
export async function countRows(db: Database, table: TableName, where?: (t: Tables) => SQL | undefined) {
  const row = await read(db, get((db, t) => db.select({ rows: count() }).from(t[table] as Tables['products']).where(where?.(t))))
  return row?.rows ?? 0
}

/**
 * Writes a line into a browser's cart without the API (no limits checked), as a cart kept from
 * before a rule existed would hold it; `token` is the cart cookie's value.
 */
export async function insertCartLine(db: Database, token: string, line: { productId: number; quantity: number; addedAt: number }) {
  const cart = await read(db, get((db, t) => db.select({ id: t.carts.id }).from(t.carts).where(eq(t.carts.token, token))))
  if (!cart) throw new Error('No cart for this token in the database')
  await read(db, run((db, t) => db.insert(t.cartLines).values({ cartId: cart.id, ...line })))
}

/** Moves every idempotency record of every cart `ms` into the past, as time passing would. */
export async function ageCartRequests(db: Database, ms: number) {
  await read(db, run((db, t) => db.update(t.cartRequests).set({ createdAt: sql`${t.cartRequests.createdAt} - ${ms}` })))
}

/**
 * The CHECK constraint a write broke, by name, on either engine (SQLite says it in the message,
 * PostgreSQL in the error's `constraint`); undefined when the error is no CHECK failure.
 */
export function brokenCheck(error: unknown): string | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    const { code, constraint } = current as { code?: unknown; constraint?: unknown }
    if (code === '23514' && typeof constraint === 'string') return constraint
    if (code === 'SQLITE_CONSTRAINT_CHECK') return /CHECK constraint failed: (\w+)/.exec(current.message)?.[1]
  }
  return undefined
}

/** The numbers of the `limit` orders placed last, newest first. */
export async function readNewestOrderNumbers(db: Database, limit: number): Promise<string[]> {
  const rows = await read(db, all((db, t) => db.select({ number: t.orders.number }).from(t.orders).orderBy(desc(t.orders.id)).limit(limit)))
  return rows.map((row) => row.number)
}

/** Each cart's number of lines and its largest line's quantity (null for none), in no order. */
export function readCartSizes(db: Database) {
  return read(db, all((db, t) => db.select({ lines: count(), most: max(t.cartLines.quantity) }).from(t.cartLines).groupBy(t.cartLines.cartId)))
}
