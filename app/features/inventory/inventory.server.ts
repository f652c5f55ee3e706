import { and, asc, between, count, desc, eq, like, lte, or, sql, type SQL } from 'drizzle-orm'
import { MAX_STOCK } from '#db/limits'
import { all, get, getForUpdate, read, run, transact, type Database, type Engine, type Tables, type Work } from '#db/work'
import { ApiError } from '~/lib/api-error'
import { stockLimitExceeded } from '~/lib/stock-limit'
import { formatMoney } from '~/lib/money'
import type { Admin } from '~/http/api-router'
import { inventoryColumns, inventoryEvent, productChangeEvent, stockChangeEvents } from '~/live/change-events'
import { eventBusFor } from '~/live/event-bus'
import { loadAdminProduct } from './catalog-admin.server'
import type { InventoryFilters, InventoryPage, InventoryRow, RestockInput, StockMovementPage, UpdateProductInput } from './inventory.schemas'

type RawRow = { productId: number; sku: string; name: string; stock: number; priceCents: number; version: number; updatedAt: number }

const toRow = (row: RawRow): InventoryRow => ({ ...row, updatedAt: new Date(row.updatedAt).toISOString() })

const sortColumns = ({ products }: Tables) => ({ name: products.name, stock: products.stock, price: products.priceCents, updated: products.updatedAt })

/**
 * The words of a search, each a prefix of a word of the name; SKUs match by prefix. SQLite reads
 * the name column of its FTS5 index; PostgreSQL matches the name's words (the grid searches every
 * product, archived ones too, which its search index leaves out).
 */
const searchTerms = (q: string) => ({ words: q.match(/[\p{L}\p{N}]+/gu) ?? [], skuPrefix: q.replace(/[%_\\]/g, '').toUpperCase() })

function searchCondition({ products }: Tables, engine: Engine, q: string): SQL | undefined {
  const { words, skuPrefix } = searchTerms(q)
  let byName: SQL | undefined
  if (words.length && engine === 'sqlite') {
    byName = sql`${products.id} IN (SELECT rowid FROM products_fts WHERE products_fts MATCH ${words.map((word) => `name:"${word}"*`).join(' ')})`
  } else if (words.length) {
    byName = sql`to_tsvector('simple', ${products.name}) @@ to_tsquery('simple', ${words.map((word) => `${word.toLowerCase()}:*`).join(' & ')})`
  }
  const bySku = skuPrefix ? like(products.sku, `${skuPrefix}%`) : undefined
  return or(byName, bySku)
}

export function listInventory(db: Database, filters: InventoryFilters): Promise<InventoryPage> {
  const { page, pageSize } = filters
  const terms = filters.q ? searchTerms(filters.q) : undefined
  if (terms && terms.words.length === 0 && !terms.skuPrefix) return Promise.resolve({ items: [], page, pageSize, total: 0 })
  const where = (t: Tables, engine: Engine) =>
    and(filters.q ? searchCondition(t, engine, filters.q) : undefined, filters.lowStock === undefined ? undefined : lte(t.products.stock, filters.lowStock))
  const direction = filters.order === 'desc' ? desc : asc
  return read(db, function* () {
    const total = (yield* get((db, t, engine) => db.select({ total: count() }).from(t.products).where(where(t, engine))))?.total ?? 0
    const rows = yield* all((db, t, engine) =>
      db
        .select(inventoryColumns(t))
        .from(t.products)
        .where(where(t, engine))
        // Ties break by id, so pages never overlap or skip while the grid pages through them.
        .orderBy(direction(sortColumns(t)[filters.sort]), direction(t.products.id))
        .limit(pageSize)
        .offset((page - 1) * pageSize),
    )
    return { items: rows.map(toRow), page, pageSize, total }
  })
}

const findRow = (productId: number, { lock = false } = {}) =>
  (lock ? getForUpdate : get)((db, t) => db.select(inventoryColumns(t)).from(t.products).where(eq(t.products.id, productId)))

function notFound(productId: number) {
  return new ApiError(404, 'NOT_FOUND', `No product with id ${productId}`)
}

/**
 * An admin's edit, applied only to the version the admin saw: a conditional UPDATE on
 * (id, version), with the row locked from the read to the write. Anything else is a conflict that
 * answers the row as it is now, so the grid can show both values. A stock change writes its
 * movement with the admin as actor.
 */
export async function updateProduct(db: Database, admin: Admin, productId: number, input: UpdateProductInput): Promise<InventoryRow> {
  const now = Date.now()
  const { current, row } = await transact(db, function* () {
    const current = yield* findRow(productId, { lock: true })
    if (!current) throw notFound(productId)
    if (current.version !== input.version) {
      throw new ApiError(409, 'VERSION_CONFLICT', 'Someone changed this product since you loaded it', { current: toRow(current) })
    }
    const changes = { stock: input.stock ?? current.stock, priceCents: input.priceCents ?? current.priceCents }
    const updated = (yield* get((db, t) =>
      db
        .update(t.products)
        .set({ ...changes, version: current.version + 1, updatedAt: now })
        .where(and(eq(t.products.id, productId), eq(t.products.version, input.version)))
        .returning(inventoryColumns(t)),
    )) as RawRow
    const row = { ...updated, product: yield* loadAdminProduct(productId) }
    // The audit trail records every change, a price change too (with a delta of 0).
    const notes = [
      ...(changes.stock === current.stock ? [] : ['Stock set in the inventory grid']),
      ...(changes.priceCents === current.priceCents ? [] : [`Price ${formatMoney(current.priceCents)} → ${formatMoney(changes.priceCents)}`]),
    ]
    if (notes.length > 0) {
      yield* run((db, t) =>
        db.insert(t.stockMovements).values({ productId, delta: changes.stock - current.stock, reason: 'adjustment', actor: admin.email, note: notes.join('; '), at: now }),
      )
    }
    return { current, row }
  })
  const { product, ...inventoryRow } = row
  eventBusFor(db).publish(
    // The grid changes no address, category or sale: the product stays where it was. Its event
    // goes first, as the catalog's do (catalog-admin.server.ts).
    ...(row.priceCents === current.priceCents ? [] : [productChangeEvent({ product, previous: { slug: product.slug, categorySlug: product.category.slug, archived: product.archived } })]),
    ...(row.stock === current.stock ? [inventoryEvent(inventoryRow)] : stockChangeEvents(inventoryRow)),
  )
  return toRow(inventoryRow)
}

/**
 * Adds (or takes away) stock atomically, whatever the version: one conditional UPDATE that keeps
 * the stock between zero and MAX_STOCK, plus its movement. A delta that would leave that range
 * changes nothing and is refused before anything is written. It bumps the version, so an edit
 * based on the old row then conflicts instead of overwriting the restock.
 */
export async function restockProduct(db: Database, admin: Admin, productId: number, input: RestockInput): Promise<InventoryRow> {
  const now = Date.now()
  const row = await transact(db, function* (): Work<RawRow> {
    const changed = yield* get((db, t) =>
      db
        .update(t.products)
        .set({ stock: sql`${t.products.stock} + ${input.delta}`, version: sql`${t.products.version} + 1`, updatedAt: now })
        .where(and(eq(t.products.id, productId), between(sql`${t.products.stock} + ${input.delta}`, 0, MAX_STOCK)))
        .returning(inventoryColumns(t)),
    )
    if (!changed) {
      const current = yield* findRow(productId)
      if (!current) throw notFound(productId)
      if (input.delta > 0) throw stockLimitExceeded(productId, current.stock, input.delta)
      throw new ApiError(409, 'INSUFFICIENT_STOCK', `Only ${current.stock} in stock: cannot take away ${-input.delta}`, {
        productId,
        requested: -input.delta,
        available: current.stock,
      })
    }
    yield* run((db, t) =>
      db.insert(t.stockMovements).values({ productId, delta: input.delta, reason: input.delta > 0 ? 'restock' : 'adjustment', actor: admin.email, note: input.reason, at: now }),
    )
    return changed
  })
  eventBusFor(db).publish(...stockChangeEvents(row))
  return toRow(row)
}

export function listStockMovements(db: Database, filters: { productId?: number; page: number; pageSize: number }): Promise<StockMovementPage> {
  const where = ({ stockMovements }: Tables) => (filters.productId === undefined ? undefined : eq(stockMovements.productId, filters.productId))
  return read(db, function* () {
    const total = (yield* get((db, t) => db.select({ total: count() }).from(t.stockMovements).where(where(t))))?.total ?? 0
    const rows = yield* all((db, t) =>
      db
        .select()
        .from(t.stockMovements)
        .where(where(t))
        .orderBy(desc(t.stockMovements.at), desc(t.stockMovements.id))
        .limit(filters.pageSize)
        .offset((filters.page - 1) * filters.pageSize),
    )
    return { items: rows.map((row) => ({ ...row, at: new Date(row.at).toISOString() })), page: filters.page, pageSize: filters.pageSize, total }
  })
}
