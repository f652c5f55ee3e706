import { and, asc, count, desc, eq, isNull, max, or, sql } from 'drizzle-orm'
import type { AppDatabase, AppTransaction } from '#db/connection'
import { catalogChanges, categories, productSlugRedirects, products, stockMovements } from '#db/schema'
import type { Admin } from '~/http/api-router'
import { ApiError } from '~/lib/api-error'
import { bumpCatalogRevision } from '~/lib/catalog-revision'
import { formatMoney } from '~/lib/money'
import { categoryChangeEvent, inventoryEvent, productChangeEvent, stockChangeEvents } from '~/live/change-events'
import { eventBusFor } from '~/live/event-bus'
import { type AdminCategory, type AdminProduct, type CatalogChange, type ProductChange, type ProductPlace } from './catalog-admin.answers'
import { slugify, type CreateProductInput, type EditProductInput } from './catalog-admin.inputs'

type Db = AppTransaction | AppDatabase

const productColumns = {
  id: products.id,
  slug: products.slug,
  sku: products.sku,
  name: products.name,
  description: products.description,
  categorySlug: products.category,
  categoryName: categories.name,
  priceCents: products.priceCents,
  stock: products.stock,
  archivedAt: products.archivedAt,
  version: products.version,
  createdAt: products.createdAt,
  updatedAt: products.updatedAt,
}

type ProductRow = NonNullable<ReturnType<typeof findProduct>>

const toAdminProduct = (row: ProductRow): AdminProduct => ({
  id: row.id,
  slug: row.slug,
  sku: row.sku,
  name: row.name,
  description: row.description,
  category: { slug: row.categorySlug, name: row.categoryName },
  priceCents: row.priceCents,
  stock: row.stock,
  archived: row.archivedAt !== null,
  version: row.version,
  createdAt: new Date(row.createdAt).toISOString(),
  updatedAt: new Date(row.updatedAt).toISOString(),
})

const placeOf = (row: ProductRow): ProductPlace => ({ slug: row.slug, categorySlug: row.categorySlug, archived: row.archivedAt !== null })

const findProduct = (tx: Db, id: number) =>
  tx.select(productColumns).from(products).innerJoin(categories, eq(categories.slug, products.category)).where(eq(products.id, id)).get()

function productNotFound(id: number) {
  return new ApiError(404, 'NOT_FOUND', `No product with id ${id}`)
}

function fieldTaken(path: string, message: string) {
  return new ApiError(409, 'ALREADY_EXISTS', message, [{ path, message, code: 'already_exists' }])
}

function requireCategory(tx: Db, slug: string) {
  const category = tx.select({ slug: categories.slug, name: categories.name }).from(categories).where(eq(categories.slug, slug)).get()
  if (!category) throw new ApiError(400, 'VALIDATION_ERROR', `No category "${slug}"`, [{ path: 'categorySlug', message: 'Choose one of the shop’s categories', code: 'invalid_value' }])
  return category
}

/** Whether a slug is free for this product: no other product has it now or had it before. */
function slugFree(tx: Db, slug: string, productId?: number) {
  const owner =
    tx.select({ id: products.id }).from(products).where(eq(products.slug, slug)).get()?.id ??
    tx.select({ id: productSlugRedirects.productId }).from(productSlugRedirects).where(eq(productSlugRedirects.slug, slug)).get()?.id
  return owner === undefined || owner === productId
}

/** The name's slug, or the first of "-2", "-3"… after it that is free. */
function uniqueSlug(tx: Db, name: string) {
  const base = slugify(name) || 'product'
  for (let suffix = 1; ; suffix += 1) {
    const candidate = suffix === 1 ? base : `${base}-${suffix}`
    if (slugFree(tx, candidate)) return candidate
  }
}

function audit(tx: Db, change: { productId?: number; categorySlug?: string; action: CatalogChange['action']; actor: string; note: string; at: number }) {
  tx.insert(catalogChanges)
    .values({ productId: change.productId ?? null, categorySlug: change.categorySlug ?? null, action: change.action, actor: change.actor, note: change.note, at: change.at })
    .run()
}

/** After a product change commits: what open browsers are told, and the kept counts it invalidates. */
function publishProductChange(db: AppDatabase, change: ProductChange, { stockMoved }: { stockMoved: boolean }) {
  const { product, previous } = change
  const row = { productId: product.id, sku: product.sku, name: product.name, stock: product.stock, priceCents: product.priceCents, version: product.version, updatedAt: Date.parse(product.updatedAt) }
  const countsMoved = !previous || previous.categorySlug !== product.category.slug || previous.archived !== product.archived
  if (countsMoved) bumpCatalogRevision(db)
  // The product first: it carries the whole state at its version, the stock too, so a browser that
  // hears the stock event after it has nothing left to learn from it.
  eventBusFor(db).publish(productChangeEvent(change), ...(stockMoved ? stockChangeEvents(row) : [inventoryEvent(row)]))
}

export function getAdminProduct(db: Db, id: number): AdminProduct {
  const row = findProduct(db, id)
  if (!row) throw productNotFound(id)
  return toAdminProduct(row)
}

/**
 * A new product, on sale at once: its slug is made from its name (the first free one), its SKU
 * must be new. The audit trail records it, and its opening stock is a movement like any other.
 */
export function createProduct(db: AppDatabase, admin: Admin, input: CreateProductInput): ProductChange {
  const now = Date.now()
  const product = db.transaction(
    (tx) => {
      const category = requireCategory(tx, input.categorySlug)
      if (tx.select({ id: products.id }).from(products).where(eq(products.sku, input.sku)).get()) throw fieldTaken('sku', `Another product already has the SKU ${input.sku}`)
      const slug = uniqueSlug(tx, input.name)
      const { id } = tx
        .insert(products)
        .values({ slug, sku: input.sku, name: input.name, description: input.description, category: category.slug, priceCents: input.priceCents, stock: input.stock, createdAt: now, updatedAt: now })
        .returning({ id: products.id })
        .get()
      audit(tx, { productId: id, action: 'create', actor: admin.email, note: `Created in ${category.name} at ${formatMoney(input.priceCents)}`, at: now })
      if (input.stock > 0) tx.insert(stockMovements).values({ productId: id, delta: input.stock, reason: 'restock', actor: admin.email, note: 'Opening stock', at: now }).run()
      return toAdminProduct(findProduct(tx, id) as ProductRow)
    },
    { behavior: 'immediate' },
  )
  const change = { product, previous: null }
  publishProductChange(db, change, { stockMoved: product.stock > 0 })
  return change
}

function describeEdit(current: ProductRow, next: ProductRow, categoryName: string) {
  const notes: string[] = []
  if (next.name !== current.name) notes.push(`Renamed “${current.name}” → “${next.name}”`)
  if (next.slug !== current.slug) notes.push(`Address /products/${current.slug} → /products/${next.slug}`)
  if (next.description !== current.description) notes.push('Description rewritten')
  if (next.categorySlug !== current.categorySlug) notes.push(`Moved ${current.categoryName} → ${categoryName}`)
  if (next.priceCents !== current.priceCents) notes.push(`Price ${formatMoney(current.priceCents)} → ${formatMoney(next.priceCents)}`)
  if (next.stock !== current.stock) notes.push(`Stock ${current.stock} → ${next.stock}`)
  return notes
}

/**
 * An admin's edit of any of a product's fields, applied only to the version the admin saw (a
 * conditional UPDATE on id and version; anything else is a 409 with the product as it is now).
 * A new slug keeps the old one as a redirect. A stock or price change writes its stock movement,
 * as the inventory grid's edit does; every change writes the catalog's audit trail.
 */
export function editProduct(db: AppDatabase, admin: Admin, id: number, input: EditProductInput): ProductChange {
  const now = Date.now()
  const { change, stockMoved } = db.transaction(
    (tx) => {
      const current = findProduct(tx, id)
      if (!current) throw productNotFound(id)
      if (current.version !== input.version) throw new ApiError(409, 'VERSION_CONFLICT', 'Someone changed this product since you loaded it', { current: toAdminProduct(current) })
      const category = input.categorySlug === undefined ? { slug: current.categorySlug, name: current.categoryName } : requireCategory(tx, input.categorySlug)
      const slug = input.slug ?? current.slug
      if (!slugFree(tx, slug, id)) throw fieldTaken('slug', `Another product uses the address /products/${slug}`)
      const next: ProductRow = {
        ...current,
        name: input.name ?? current.name,
        description: input.description ?? current.description,
        slug,
        categorySlug: category.slug,
        categoryName: category.name,
        priceCents: input.priceCents ?? current.priceCents,
        stock: input.stock ?? current.stock,
      }
      const notes = describeEdit(current, next, category.name)
      if (notes.length === 0) return { change: { product: toAdminProduct(current), previous: placeOf(current) }, stockMoved: false }
      tx.update(products)
        .set({ name: next.name, description: next.description, slug, category: category.slug, priceCents: next.priceCents, stock: next.stock, version: current.version + 1, updatedAt: now })
        .where(and(eq(products.id, id), eq(products.version, input.version)))
        .run()
      if (slug !== current.slug) {
        // The old address now leads here; the new one is no longer anyone's old address.
        tx.delete(productSlugRedirects).where(eq(productSlugRedirects.slug, slug)).run()
        tx.insert(productSlugRedirects).values({ slug: current.slug, productId: id, createdAt: now }).run()
      }
      if (next.stock !== current.stock || next.priceCents !== current.priceCents) {
        const stockNote = next.stock === current.stock ? [] : ['Stock set on the product page']
        const priceNote = next.priceCents === current.priceCents ? [] : [`Price ${formatMoney(current.priceCents)} → ${formatMoney(next.priceCents)}`]
        tx.insert(stockMovements)
          .values({ productId: id, delta: next.stock - current.stock, reason: 'adjustment', actor: admin.email, note: [...stockNote, ...priceNote].join('; '), at: now })
          .run()
      }
      const action = next.categorySlug === current.categorySlug ? 'edit' : 'move'
      audit(tx, { productId: id, action, actor: admin.email, note: notes.join('; '), at: now })
      return { change: { product: toAdminProduct(findProduct(tx, id) as ProductRow), previous: placeOf(current) }, stockMoved: next.stock !== current.stock }
    },
    { behavior: 'immediate' },
  )
  if (change.product.version !== input.version) publishProductChange(db, change, { stockMoved })
  return change
}

/**
 * Takes a product off sale, or puts it back: listings, search and the sitemap drop it or show it
 * again; carts holding it say so, checkout refuses it, and orders keep it as they were.
 */
export function setArchived(db: AppDatabase, admin: Admin, id: number, { version, archived }: { version: number; archived: boolean }): ProductChange {
  const now = Date.now()
  const change = db.transaction(
    (tx) => {
      const current = findProduct(tx, id)
      if (!current) throw productNotFound(id)
      if (current.version !== version) throw new ApiError(409, 'VERSION_CONFLICT', 'Someone changed this product since you loaded it', { current: toAdminProduct(current) })
      if ((current.archivedAt !== null) === archived) return { product: toAdminProduct(current), previous: placeOf(current) }
      tx.update(products)
        .set({ archivedAt: archived ? now : null, version: current.version + 1, updatedAt: now })
        .where(and(eq(products.id, id), eq(products.version, version)))
        .run()
      audit(tx, { productId: id, action: archived ? 'archive' : 'restore', actor: admin.email, note: archived ? 'Taken off sale' : 'Back on sale', at: now })
      return { product: toAdminProduct(findProduct(tx, id) as ProductRow), previous: placeOf(current) }
    },
    { behavior: 'immediate' },
  )
  if (change.product.version !== version) publishProductChange(db, change, { stockMoved: false })
  return change
}

/** Categories in menu order (one, given its slug), with how many products on sale each holds. */
function categoryRows(tx: Db, slug?: string) {
  return tx
    .select({ slug: categories.slug, name: categories.name, position: categories.position, version: categories.version, productCount: count(products.id) })
    .from(categories)
    .leftJoin(products, and(eq(products.category, categories.slug), isNull(products.archivedAt)))
    .where(slug === undefined ? undefined : eq(categories.slug, slug))
    .groupBy(categories.slug)
    .orderBy(asc(categories.position))
}

export const listAdminCategories = (db: AppDatabase): AdminCategory[] => categoryRows(db).all()

const findCategory = (tx: Db, slug: string): AdminCategory | undefined => categoryRows(tx, slug).get()

function publishCategory(db: AppDatabase, category: AdminCategory) {
  bumpCatalogRevision(db)
  eventBusFor(db).publish(categoryChangeEvent(category))
}

/** Two categories of one name would make a menu no shopper can tell apart (compared without case). */
function refuseTakenName(tx: Db, name: string, exceptSlug?: string) {
  const taken = tx
    .select({ slug: categories.slug })
    .from(categories)
    .where(sql`lower(${categories.name}) = lower(${name})`)
    .all()
    .some((row) => row.slug !== exceptSlug)
  if (taken) throw fieldTaken('name', `There is already a category called ${name}`)
}

/** A new, empty category at the end of the menu; its slug is made from its name unless given. */
export function createCategory(db: AppDatabase, admin: Admin, input: { name: string; slug?: string }): AdminCategory {
  const now = Date.now()
  const category = db.transaction(
    (tx) => {
      const slug = input.slug ?? slugify(input.name)
      if (!slug) throw new ApiError(400, 'VALIDATION_ERROR', 'Give it a web address: the name has no Latin letters or digits to make one from', [{ path: 'slug', message: 'Give it a web address: the name has no Latin letters or digits to make one from', code: 'too_small' }])
      if (tx.select({ slug: categories.slug }).from(categories).where(eq(categories.slug, slug)).get()) throw fieldTaken('slug', `There is already a category at /categories/${slug}`)
      refuseTakenName(tx, input.name)
      const position = (tx.select({ last: max(categories.position) }).from(categories).get()?.last ?? 0) + 1
      tx.insert(categories).values({ slug, name: input.name, position }).run()
      audit(tx, { categorySlug: slug, action: 'create', actor: admin.email, note: `Created category “${input.name}”`, at: now })
      return findCategory(tx, slug) as AdminCategory
    },
    { behavior: 'immediate' },
  )
  publishCategory(db, category)
  return category
}

/** A category's new name, applied only to the version the admin saw; its address stays. */
export function renameCategory(db: AppDatabase, admin: Admin, slug: string, input: { name: string; version: number }): AdminCategory {
  const now = Date.now()
  const { category, changed } = db.transaction(
    (tx) => {
      const current = findCategory(tx, slug)
      if (!current) throw new ApiError(404, 'NOT_FOUND', `No category "${slug}"`)
      if (current.version !== input.version) throw new ApiError(409, 'VERSION_CONFLICT', 'Someone changed this category since you loaded it', { current })
      if (current.name === input.name) return { category: current, changed: false }
      refuseTakenName(tx, input.name, slug)
      tx.update(categories)
        .set({ name: input.name, version: current.version + 1 })
        .where(and(eq(categories.slug, slug), eq(categories.version, input.version)))
        .run()
      audit(tx, { categorySlug: slug, action: 'rename', actor: admin.email, note: `Renamed “${current.name}” → “${input.name}”`, at: now })
      return { category: findCategory(tx, slug) as AdminCategory, changed: true }
    },
    { behavior: 'immediate' },
  )
  if (changed) publishCategory(db, category)
  return category
}

/** The catalog's audit trail, newest first, for one product or one category (or all), at most 100 entries. */
export function listCatalogChanges(db: AppDatabase, filters: { productId?: number; categorySlug?: string }): CatalogChange[] {
  const where = or(
    filters.productId === undefined ? undefined : eq(catalogChanges.productId, filters.productId),
    filters.categorySlug === undefined ? undefined : eq(catalogChanges.categorySlug, filters.categorySlug),
  )
  return db
    .select()
    .from(catalogChanges)
    .where(where)
    .orderBy(desc(catalogChanges.at), desc(catalogChanges.id))
    .limit(100)
    .all()
    .map((row) => ({ ...row, at: new Date(row.at).toISOString() }))
}
