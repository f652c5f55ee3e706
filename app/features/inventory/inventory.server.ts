import { and, asc, between, count, desc, eq, like, lte, or, sql, type SQL } from 'drizzle-orm'
import type { AppDatabase, AppTransaction } from '#db/connection'
import { MAX_STOCK } from '#db/limits'
import { products, stockMovements } from '#db/schema'
import { ApiError } from '~/lib/api-error'
import { stockLimitExceeded } from '~/lib/stock-limit'
import { formatMoney } from '~/lib/money'
import type { Admin } from '~/http/api-router'
import { inventoryColumns, inventoryEvent, productChangeEvent, stockChangeEvents } from '~/live/change-events'
import { eventBusFor } from '~/live/event-bus'
import { getAdminProduct } from './catalog-admin.server'
import type { InventoryFilters, InventoryPage, InventoryRow, RestockInput, StockMovementPage, UpdateProductInput } from './inventory.schemas'

const rowColumns = inventoryColumns

type RawRow = { productId: number; sku: string; name: string; stock: number; priceCents: number; version: number; updatedAt: number }

const toRow = (row: RawRow): InventoryRow => ({ ...row, updatedAt: new Date(row.updatedAt).toISOString() })

const sortColumns = { name: products.name, stock: products.stock, price: products.priceCents, updated: products.updatedAt }

/** The words of a search, each a prefix, for the name index of FTS5; SKUs match by prefix. */
function searchCondition(q: string): SQL | undefined {
  const words = q.match(/[\p{L}\p{N}]+/gu) ?? []
  const skuPrefix = q.replace(/[%_\\]/g, '').toUpperCase()
  const byName = words.length
    ? sql`${products.id} IN (SELECT rowid FROM products_fts WHERE products_fts MATCH ${words.map((word) => `name:"${word}"*`).join(' ')})`
    : undefined
  const bySku = skuPrefix ? like(products.sku, `${skuPrefix}%`) : undefined
  return or(byName, bySku)
}

export function listInventory(db: AppDatabase, filters: InventoryFilters): InventoryPage {
  const { page, pageSize } = filters
  const conditions: SQL[] = []
  if (filters.q) {
    const search = searchCondition(filters.q)
    if (!search) return { items: [], page, pageSize, total: 0 }
    conditions.push(search)
  }
  if (filters.lowStock !== undefined) conditions.push(lte(products.stock, filters.lowStock))
  const where = and(...conditions)
  const total = db.select({ total: count() }).from(products).where(where).get()?.total ?? 0
  const direction = filters.order === 'desc' ? desc : asc
  const items = db
    .select(rowColumns)
    .from(products)
    .where(where)
    // Ties break by id, so pages never overlap or skip while the grid pages through them.
    .orderBy(direction(sortColumns[filters.sort]), direction(products.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all()
    .map(toRow)
  return { items, page, pageSize, total }
}


const findRow = (tx: AppTransaction | AppDatabase, productId: number) => tx.select(rowColumns).from(products).where(eq(products.id, productId)).get()

function notFound(productId: number) {
  return new ApiError(404, 'NOT_FOUND', `No product with id ${productId}`)
}

/**
 * An admin's edit, applied only to the version the admin saw: a conditional UPDATE on
 * (id, version). Anything else is a conflict that answers the row as it is now, so the grid can
 * show both values. A stock change writes its movement with the admin as actor.
 */
export function updateProduct(db: AppDatabase, admin: Admin, productId: number, input: UpdateProductInput): InventoryRow {
  const now = Date.now()
  const { current, row } = db.transaction(
    (tx) => {
      const current = findRow(tx, productId)
      if (!current) throw notFound(productId)
      if (current.version !== input.version) {
        throw new ApiError(409, 'VERSION_CONFLICT', 'Someone changed this product since you loaded it', { current: toRow(current) })
      }
      const changes = { stock: input.stock ?? current.stock, priceCents: input.priceCents ?? current.priceCents }
      const updated = tx
        .update(products)
        .set({ ...changes, version: current.version + 1, updatedAt: now })
        .where(and(eq(products.id, productId), eq(products.version, input.version)))
        .returning(rowColumns)
        .get() as RawRow
      const row = { ...updated, product: getAdminProduct(tx, productId) }
      // The audit trail records every change, a price change too (with a delta of 0).
      const notes = [
        ...(changes.stock === current.stock ? [] : ['Stock set in the inventory grid']),
        ...(changes.priceCents === current.priceCents ? [] : [`Price ${formatMoney(current.priceCents)} → ${formatMoney(changes.priceCents)}`]),
      ]
      if (notes.length > 0) {
        tx.insert(stockMovements)
          .values({ productId, delta: changes.stock - current.stock, reason: 'adjustment', actor: admin.email, note: notes.join('; '), at: now })
          .run()
      }
      return { current, row }
    },
    { behavior: 'immediate' },
  )
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
export function restockProduct(db: AppDatabase, admin: Admin, productId: number, input: RestockInput): InventoryRow {
  const now = Date.now()
  const row = db.transaction(
    (tx) => {
      const changed = tx
        .update(products)
        .set({ stock: sql`${products.stock} + ${input.delta}`, version: sql`${products.version} + 1`, updatedAt: now })
        .where(and(eq(products.id, productId), between(sql`${products.stock} + ${input.delta}`, 0, MAX_STOCK)))
        .run()
      if (changed.changes === 0) {
        const current = findRow(tx, productId)
        if (!current) throw notFound(productId)
        if (input.delta > 0) throw stockLimitExceeded(productId, current.stock, input.delta)
        throw new ApiError(409, 'INSUFFICIENT_STOCK', `Only ${current.stock} in stock: cannot take away ${-input.delta}`, {
          productId,
          requested: -input.delta,
          available: current.stock,
        })
      }
      tx.insert(stockMovements)
        .values({ productId, delta: input.delta, reason: input.delta > 0 ? 'restock' : 'adjustment', actor: admin.email, note: input.reason, at: now })
        .run()
      return findRow(tx, productId) as RawRow
    },
    { behavior: 'immediate' },
  )
  eventBusFor(db).publish(...stockChangeEvents(row))
  return toRow(row)
}

export function listStockMovements(db: AppDatabase, filters: { productId?: number; page: number; pageSize: number }): StockMovementPage {
  const where = filters.productId === undefined ? undefined : eq(stockMovements.productId, filters.productId)
  const total = db.select({ total: count() }).from(stockMovements).where(where).get()?.total ?? 0
  const items = db
    .select()
    .from(stockMovements)
    .where(where)
    .orderBy(desc(stockMovements.at), desc(stockMovements.id))
    .limit(filters.pageSize)
    .offset((filters.page - 1) * filters.pageSize)
    .all()
    .map((row) => ({ ...row, at: new Date(row.at).toISOString() }))
  return { items, page: filters.page, pageSize: filters.pageSize, total }
}
