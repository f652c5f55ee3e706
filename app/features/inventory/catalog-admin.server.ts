import { and, asc, count, desc, eq, isNull, max, or, sql } from 'drizzle-orm'
import { all, get, getForUpdate, read, run, serialize, transact, type Database, type Session, type Tables, type Work } from '#db/work'
import type { Admin } from '~/http/api-router'
import { ApiError } from '~/lib/api-error'
import { bumpCatalogRevision } from '~/lib/catalog-revision'
import { formatMoney } from '~/lib/money'
import { categoryChangeEvent, inventoryEvent, productChangeEvent, stockChangeEvents } from '~/live/change-events'
import { eventBusFor } from '~/live/event-bus'
import { type AdminCategory, type AdminProduct, type CatalogChange, type ProductChange, type ProductPlace } from './catalog-admin.answers'
import { slugify, type CreateProductInput, type EditProductInput } from './catalog-admin.inputs'

const productColumns = ({ products, categories }: Tables) => ({
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
})

type ProductRow = { id: number; slug: string; sku: string; name: string; description: string; categorySlug: string; categoryName: string; priceCents: number; stock: number; archivedAt: number | null; version: number; createdAt: number; updatedAt: number }

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

/** A product with its category's name; `lock` keeps the row until the transaction ends (db/work.ts). */
const findProduct = (id: number, { lock = false } = {}): Work<ProductRow | undefined> =>
  (lock ? getForUpdate : get)((db, t) => db.select(productColumns(t)).from(t.products).innerJoin(t.categories, eq(t.categories.slug, t.products.category)).where(eq(t.products.id, id)))

function productNotFound(id: number) {
  return new ApiError(404, 'NOT_FOUND', `No product with id ${id}`)
}

function fieldTaken(path: string, message: string) {
  return new ApiError(409, 'ALREADY_EXISTS', message, [{ path, message, code: 'already_exists' }])
}

function* requireCategory(slug: string) {
  const category = yield* get((db, t) => db.select({ slug: t.categories.slug, name: t.categories.name }).from(t.categories).where(eq(t.categories.slug, slug)))
  if (!category) throw new ApiError(400, 'VALIDATION_ERROR', `No category "${slug}"`, [{ path: 'categorySlug', message: 'Choose one of the shop’s categories', code: 'invalid_value' }])
  return category
}

/** Whether a slug is free for this product: no other product has it now or had it before. */
function* slugFree(slug: string, productId?: number): Work<boolean> {
  const owner =
    (yield* get((db, t) => db.select({ id: t.products.id }).from(t.products).where(eq(t.products.slug, slug))))?.id ??
    (yield* get((db, t) => db.select({ id: t.productSlugRedirects.productId }).from(t.productSlugRedirects).where(eq(t.productSlugRedirects.slug, slug))))?.id
  return owner === undefined || owner === productId
}

/** The name's slug, or the first of "-2", "-3"… after it that is free. */
function* uniqueSlug(name: string): Work<string> {
  const base = slugify(name) || 'product'
  for (let suffix = 1; ; suffix += 1) {
    const candidate = suffix === 1 ? base : `${base}-${suffix}`
    if (yield* slugFree(candidate)) return candidate
  }
}

function audit(change: { productId?: number; categorySlug?: string; action: CatalogChange['action']; actor: string; note: string; at: number }) {
  return run((db, t) =>
    db.insert(t.catalogChanges).values({ productId: change.productId ?? null, categorySlug: change.categorySlug ?? null, action: change.action, actor: change.actor, note: change.note, at: change.at }),
  )
}

/**
 * Every catalog write starts here: on PostgreSQL they run one at a time across all processes (the
 * rules read several rows, such as a slug among products and redirects, that no row lock covers);
 * on SQLite every write already does.
 */
const oneCatalogWriteAtATime = () => serialize('catalog')

/** After a product change commits: what open browsers are told, and the kept counts it invalidates. */
function publishProductChange(db: Database, change: ProductChange, { stockMoved }: { stockMoved: boolean }) {
  const { product, previous } = change
  const row = { productId: product.id, sku: product.sku, name: product.name, stock: product.stock, priceCents: product.priceCents, version: product.version, updatedAt: Date.parse(product.updatedAt) }
  const countsMoved = !previous || previous.categorySlug !== product.category.slug || previous.archived !== product.archived
  if (countsMoved) bumpCatalogRevision(db)
  // The product first: it carries the whole state at its version, the stock too, so a browser that
  // hears the stock event after it has nothing left to learn from it.
  eventBusFor(db).publish(productChangeEvent(change), ...(stockMoved ? stockChangeEvents(row) : [inventoryEvent(row)]))
}

/** The product as the admin's pages show it, inside other work. */
export function* loadAdminProduct(id: number): Work<AdminProduct> {
  const row = yield* findProduct(id)
  if (!row) throw productNotFound(id)
  return toAdminProduct(row)
}

export const getAdminProduct = (db: Database, id: number): Promise<AdminProduct> => read(db, loadAdminProduct(id))

/**
 * A new product, on sale at once: its slug is made from its name (the first free one), its SKU
 * must be new. The audit trail records it, and its opening stock is a movement like any other.
 */
export async function createProduct(db: Database, admin: Admin, input: CreateProductInput): Promise<ProductChange> {
  const now = Date.now()
  const product = await transact(db, function* () {
    yield* oneCatalogWriteAtATime()
    const category = yield* requireCategory(input.categorySlug)
    if (yield* get((db, t) => db.select({ id: t.products.id }).from(t.products).where(eq(t.products.sku, input.sku)))) throw fieldTaken('sku', `Another product already has the SKU ${input.sku}`)
    const slug = yield* uniqueSlug(input.name)
    const created = yield* get((db, t) =>
      db
        .insert(t.products)
        .values({ slug, sku: input.sku, name: input.name, description: input.description, category: category.slug, priceCents: input.priceCents, stock: input.stock, createdAt: now, updatedAt: now })
        .returning({ id: t.products.id }),
    )
    const id = created!.id
    yield* audit({ productId: id, action: 'create', actor: admin.email, note: `Created in ${category.name} at ${formatMoney(input.priceCents)}`, at: now })
    if (input.stock > 0) yield* run((db, t) => db.insert(t.stockMovements).values({ productId: id, delta: input.stock, reason: 'restock', actor: admin.email, note: 'Opening stock', at: now }))
    return yield* loadAdminProduct(id)
  })
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
export async function editProduct(db: Database, admin: Admin, id: number, input: EditProductInput): Promise<ProductChange> {
  const now = Date.now()
  const { change, stockMoved } = await transact(db, function* () {
      yield* oneCatalogWriteAtATime()
      const current = yield* findProduct(id, { lock: true })
      if (!current) throw productNotFound(id)
      if (current.version !== input.version) throw new ApiError(409, 'VERSION_CONFLICT', 'Someone changed this product since you loaded it', { current: toAdminProduct(current) })
      const category = input.categorySlug === undefined ? { slug: current.categorySlug, name: current.categoryName } : yield* requireCategory(input.categorySlug)
      const slug = input.slug ?? current.slug
      if (!(yield* slugFree(slug, id))) throw fieldTaken('slug', `Another product uses the address /products/${slug}`)
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
      yield* run((db, t) =>
        db
          .update(t.products)
          .set({ name: next.name, description: next.description, slug, category: category.slug, priceCents: next.priceCents, stock: next.stock, version: current.version + 1, updatedAt: now })
          .where(and(eq(t.products.id, id), eq(t.products.version, input.version))),
      )
      if (slug !== current.slug) {
        // The old address now leads here; the new one is no longer anyone's old address.
        yield* run((db, t) => db.delete(t.productSlugRedirects).where(eq(t.productSlugRedirects.slug, slug)))
        yield* run((db, t) => db.insert(t.productSlugRedirects).values({ slug: current.slug, productId: id, createdAt: now }))
      }
      if (next.stock !== current.stock || next.priceCents !== current.priceCents) {
        const stockNote = next.stock === current.stock ? [] : ['Stock set on the product page']
        const priceNote = next.priceCents === current.priceCents ? [] : [`Price ${formatMoney(current.priceCents)} → ${formatMoney(next.priceCents)}`]
        yield* run((db, t) =>
          db.insert(t.stockMovements).values({ productId: id, delta: next.stock - current.stock, reason: 'adjustment', actor: admin.email, note: [...stockNote, ...priceNote].join('; '), at: now }),
        )
      }
      const action = next.categorySlug === current.categorySlug ? 'edit' : 'move'
      yield* audit({ productId: id, action, actor: admin.email, note: notes.join('; '), at: now })
      return { change: { product: yield* loadAdminProduct(id), previous: placeOf(current) }, stockMoved: next.stock !== current.stock }
  })
  if (change.product.version !== input.version) publishProductChange(db, change, { stockMoved })
  return change
}

/**
 * Takes a product off sale, or puts it back: listings, search and the sitemap drop it or show it
 * again; carts holding it say so, checkout refuses it, and orders keep it as they were.
 */
export async function setArchived(db: Database, admin: Admin, id: number, { version, archived }: { version: number; archived: boolean }): Promise<ProductChange> {
  const now = Date.now()
  const change = await transact(db, function* () {
      yield* oneCatalogWriteAtATime()
      const current = yield* findProduct(id, { lock: true })
      if (!current) throw productNotFound(id)
      if (current.version !== version) throw new ApiError(409, 'VERSION_CONFLICT', 'Someone changed this product since you loaded it', { current: toAdminProduct(current) })
      if ((current.archivedAt !== null) === archived) return { product: toAdminProduct(current), previous: placeOf(current) }
      yield* run((db, t) =>
        db
          .update(t.products)
          .set({ archivedAt: archived ? now : null, version: current.version + 1, updatedAt: now })
          .where(and(eq(t.products.id, id), eq(t.products.version, version))),
      )
      yield* audit({ productId: id, action: archived ? 'archive' : 'restore', actor: admin.email, note: archived ? 'Taken off sale' : 'Back on sale', at: now })
      return { product: yield* loadAdminProduct(id), previous: placeOf(current) }
  })
  if (change.product.version !== version) publishProductChange(db, change, { stockMoved: false })
  return change
}

/** Categories in menu order (one, given its slug), with how many products on sale each holds. */
const categoryRows = (slug?: string) => (db: Session, t: Tables) =>
  db
    .select({ slug: t.categories.slug, name: t.categories.name, position: t.categories.position, version: t.categories.version, productCount: count(t.products.id) })
    .from(t.categories)
    .leftJoin(t.products, and(eq(t.products.category, t.categories.slug), isNull(t.products.archivedAt)))
    .where(slug === undefined ? undefined : eq(t.categories.slug, slug))
    .groupBy(t.categories.slug)
    .orderBy(asc(t.categories.position))

export const listAdminCategories = (db: Database): Promise<AdminCategory[]> => read(db, all(categoryRows()))

const findCategory = (slug: string): Work<AdminCategory | undefined> => get(categoryRows(slug))

function publishCategory(db: Database, category: AdminCategory) {
  bumpCatalogRevision(db)
  eventBusFor(db).publish(categoryChangeEvent(category))
}

/** Two categories of one name would make a menu no shopper can tell apart (compared without case). */
function* refuseTakenName(name: string, exceptSlug?: string) {
  const rows = yield* all((db, t) => db.select({ slug: t.categories.slug }).from(t.categories).where(sql`lower(${t.categories.name}) = lower(${name})`))
  if (rows.some((row) => row.slug !== exceptSlug)) throw fieldTaken('name', `There is already a category called ${name}`)
}

/** A new, empty category at the end of the menu; its slug is made from its name unless given. */
export async function createCategory(db: Database, admin: Admin, input: { name: string; slug?: string }): Promise<AdminCategory> {
  const now = Date.now()
  const category = await transact(db, function* () {
    yield* oneCatalogWriteAtATime()
    const slug = input.slug ?? slugify(input.name)
    if (!slug) throw new ApiError(400, 'VALIDATION_ERROR', 'Give it a web address: the name has no Latin letters or digits to make one from', [{ path: 'slug', message: 'Give it a web address: the name has no Latin letters or digits to make one from', code: 'too_small' }])
    if (yield* get((db, t) => db.select({ slug: t.categories.slug }).from(t.categories).where(eq(t.categories.slug, slug)))) throw fieldTaken('slug', `There is already a category at /categories/${slug}`)
    yield* refuseTakenName(input.name)
    const position = ((yield* get((db, t) => db.select({ last: max(t.categories.position) }).from(t.categories)))?.last ?? 0) + 1
    yield* run((db, t) => db.insert(t.categories).values({ slug, name: input.name, position }))
    yield* audit({ categorySlug: slug, action: 'create', actor: admin.email, note: `Created category “${input.name}”`, at: now })
    return (yield* findCategory(slug)) as AdminCategory
  })
  publishCategory(db, category)
  return category
}

/** A category's new name, applied only to the version the admin saw; its address stays. */
export async function renameCategory(db: Database, admin: Admin, slug: string, input: { name: string; version: number }): Promise<AdminCategory> {
  const now = Date.now()
  const { category, changed } = await transact(db, function* () {
    yield* oneCatalogWriteAtATime()
    const current = yield* findCategory(slug)
    if (!current) throw new ApiError(404, 'NOT_FOUND', `No category "${slug}"`)
    if (current.version !== input.version) throw new ApiError(409, 'VERSION_CONFLICT', 'Someone changed this category since you loaded it', { current })
    if (current.name === input.name) return { category: current, changed: false }
    yield* refuseTakenName(input.name, slug)
    yield* run((db, t) =>
      db
        .update(t.categories)
        .set({ name: input.name, version: current.version + 1 })
        .where(and(eq(t.categories.slug, slug), eq(t.categories.version, input.version))),
    )
    yield* audit({ categorySlug: slug, action: 'rename', actor: admin.email, note: `Renamed “${current.name}” → “${input.name}”`, at: now })
    return { category: (yield* findCategory(slug)) as AdminCategory, changed: true }
  })
  if (changed) publishCategory(db, category)
  return category
}

/** The catalog's audit trail, newest first, for one product or one category (or all), at most 100 entries. */
export async function listCatalogChanges(db: Database, filters: { productId?: number; categorySlug?: string }): Promise<CatalogChange[]> {
  const rows = await read(
    db,
    all((db, t) =>
      db
        .select()
        .from(t.catalogChanges)
        .where(
          or(
            filters.productId === undefined ? undefined : eq(t.catalogChanges.productId, filters.productId),
            filters.categorySlug === undefined ? undefined : eq(t.catalogChanges.categorySlug, filters.categorySlug),
          ),
        )
        .orderBy(desc(t.catalogChanges.at), desc(t.catalogChanges.id))
        .limit(100),
    ),
  )
  return rows.map((row) => ({ ...row, at: new Date(row.at).toISOString() }))
}
