import { and, asc, count, desc, eq, gt, gte, isNull, lte, sql, type SQL } from 'drizzle-orm'
import type { AppDatabase } from '#db/connection'
import { preparedPerDatabase } from '#db/prepared-statements'
import { categories, products, productSlugRedirects } from '#db/schema'
import type { Product, ProductListFilters, ProductPage, ProductSummary, StockBatch } from './catalog.schemas'
import { productImageUrl } from './product-image'

const summaryColumns = {
  id: products.id,
  slug: products.slug,
  sku: products.sku,
  name: products.name,
  priceCents: products.priceCents,
  stock: products.stock,
  categorySlug: categories.slug,
  categoryName: categories.name,
}

type SummaryRow = { [K in keyof typeof summaryColumns]: (typeof summaryColumns)[K]['_']['data'] }

function toSummary(row: SummaryRow): ProductSummary {
  return {
    id: row.id,
    slug: row.slug,
    sku: row.sku,
    name: row.name,
    priceCents: row.priceCents,
    currency: 'USD',
    category: { slug: row.categorySlug, name: row.categoryName },
    stock: row.stock,
    imageUrl: productImageUrl(row.slug),
  }
}

/**
 * Turns free text into an FTS5 query: every word must match, the last as a prefix so that
 * results follow the shopper's typing. Quoting each word keeps FTS operators out of user input.
 */
export function toFtsQuery(text: string) {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
  return words.map((word, index) => `"${word}"${index === words.length - 1 ? '*' : ''}`).join(' ')
}

// The product page and the stock batch run on every product view and every listing's stock refresh:
// prepared once. A listing's count and page of ids depend on which filters are set (four optional
// filters, five sorts, search or none: dozens of shapes), so they are built per request; the rows of
// the page are then read by id through one prepared statement, as the stock batch is.
const statements = preparedPerDatabase((db) => ({
  // Any number of ids through one statement: the list arrives as a JSON array.
  summariesByIds: db
    .select(summaryColumns)
    .from(products)
    .innerJoin(categories, eq(categories.slug, products.category))
    .where(sql`${products.id} in (select value from json_each(${sql.placeholder('ids')}))`)
    .prepare(),
  productBySlug: db
    .select({ ...summaryColumns, description: products.description, archivedAt: products.archivedAt, version: products.version, updatedAt: products.updatedAt })
    .from(products)
    .innerJoin(categories, eq(categories.slug, products.category))
    .where(eq(products.slug, sql.placeholder('slug')))
    .prepare(),
  // A renamed product's slug now, by one of its old slugs.
  slugByOldSlug: db
    .select({ slug: products.slug })
    .from(productSlugRedirects)
    .innerJoin(products, eq(products.id, productSlugRedirects.productId))
    .where(eq(productSlugRedirects.slug, sql.placeholder('slug')))
    .prepare(),
  stockLevels: db
    .select({ productId: products.id, stock: products.stock, version: products.version })
    .from(products)
    .where(sql`${products.id} in (select value from json_each(${sql.placeholder('ids')}))`)
    .orderBy(asc(products.id))
    .prepare(),
}))

export function listProducts(db: AppDatabase, filters: ProductListFilters): ProductPage {
  const { page, pageSize } = filters
  const ftsQuery = filters.q ? toFtsQuery(filters.q) : ''
  if (filters.q && !ftsQuery) return { items: [], page, pageSize, total: 0, totalPages: 0 }

  const matches = sql`products_fts MATCH ${ftsQuery}`
  const rank = sql<number>`bm25(products_fts, 10.0, 1.0)`
  const search = db
    .select({ rowid: sql<number>`rowid`.as('rowid'), rank: rank.as('rank') })
    .from(sql`products_fts`)
    .where(matches)
    .as('search')

  const conditions: SQL[] = []
  if (filters.category) conditions.push(eq(products.category, filters.category))
  if (filters.minPrice !== undefined) conditions.push(gte(products.priceCents, filters.minPrice))
  if (filters.maxPrice !== undefined) conditions.push(lte(products.priceCents, filters.maxPrice))
  if (filters.inStock) conditions.push(gt(products.stock, 0))
  // Products on sale only, in the very words of the partial indexes' WHERE (db/schema.ts): SQLite
  // uses a partial index only for a query whose WHERE implies the index's, and without this term
  // every listing falls back to scanning and sorting the whole table.
  const where = and(isNull(products.archivedAt), ...conditions)
  // Words and nothing else: the search index alone answers, its rowids being the products' ids (kept
  // in step by triggers, which hold only products on sale). Joined to products, counting 3,351
  // matches took three times as long.
  const searchAlone = ftsQuery !== '' && conditions.length === 0

  const countQuery = db.select({ total: count() })
  const counted = searchAlone
    ? countQuery.from(sql`products_fts`).where(matches)
    : ftsQuery
      ? countQuery.from(products).innerJoin(search, eq(search.rowid, products.id)).where(where)
      : countQuery.from(countSource(filters)).where(where)

  // A search joined to products is counted in the pass that pages it (`count(*) over ()`), so the
  // search index is scanned once, not twice. Any other listing is counted on its own: from an index
  // (a window would read every matching row where the page stops after offset + limit), or, for
  // the search index alone, by itself (SQLite cannot rank with bm25 beside a window).
  const rankedAlone = searchAlone && filters.sort === 'relevance'
  const matchCount = ftsQuery && !rankedAlone ? sql<number>`count(*) over ()` : sql<number>`null`

  // Deferred join: page through ids alone (an index scan, cheap even at a deep offset), then read
  // the full rows of just that page.
  const idQuery = db.select({ id: products.id, matchCount }).from(products)
  const rankedIds = db.select({ id: sql<number>`rowid`, matchCount }).from(sql`products_fts`).where(matches).orderBy(rank, sql`rowid`)
  const pageRows = (
    rankedAlone
      ? rankedIds
      : (ftsQuery ? idQuery.innerJoin(search, eq(search.rowid, products.id)) : idQuery).where(where).orderBy(...orderFor(filters.sort, ftsQuery ? search.rank : undefined))
  )
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all()
  const pageIds = pageRows.map((row) => row.id)
  // A page past the last match has no row to carry the count.
  const total = (ftsQuery ? pageRows[0]?.matchCount : undefined) ?? counted.get()?.total ?? 0

  const rows = pageIds.length === 0 ? [] : statements(db).summariesByIds.all({ ids: JSON.stringify(pageIds) })
  const byId = new Map(rows.map((row) => [row.id, row]))
  const items = pageIds.flatMap((id) => {
    const row = byId.get(id)
    return row ? [toSummary(row)] : []
  })

  return { items, page, pageSize, total, totalPages: Math.ceil(total / pageSize) }
}

/**
 * Where a listing without words is counted. With no category and no price range nothing narrows
 * the count, and SQLite's planner reckons that scanning a partial index must still read each row
 * for `archived_at` (the index's own WHERE already says it is null): it scans the whole table
 * instead, 25 ms on 100,000 products where the category-and-price index (it holds the stock, for
 * `inStock`) takes 3 to 7 (docs/performance.md). Any other listing's planner picks its index.
 */
function countSource(filters: ProductListFilters) {
  const unnarrowed = !filters.category && filters.minPrice === undefined && filters.maxPrice === undefined
  return unnarrowed ? sql`${products} indexed by products_category_price_idx` : products
}

function orderFor(sort: ProductListFilters['sort'], rank: SQL.Aliased<number> | undefined): SQL[] {
  switch (sort) {
    case 'price-asc':
      return [asc(products.priceCents), asc(products.id)]
    case 'price-desc':
      return [desc(products.priceCents), desc(products.id)]
    case 'name':
      return [asc(products.name), asc(products.id)]
    case 'newest':
      return [desc(products.createdAt), desc(products.id)]
    case 'relevance':
      // Without search words there is nothing to rank by, so new arrivals lead.
      return rank ? [asc(rank), asc(products.id)] : [desc(products.createdAt), desc(products.id)]
  }
}

/**
 * The product a slug names: its slug now or, for a renamed product, one it had before (links and
 * bookmarks outlive a rename). The answer carries the slug now, which the page redirects to.
 */
export function findProductBySlug(db: AppDatabase, slug: string): Product | undefined {
  const { productBySlug, slugByOldSlug } = statements(db)
  let row = productBySlug.get({ slug })
  if (!row) {
    const renamed = slugByOldSlug.get({ slug })
    if (renamed) row = productBySlug.get({ slug: renamed.slug })
  }
  if (!row) return undefined
  return { ...toSummary(row), description: row.description, archived: row.archivedAt !== null, version: row.version, updatedAt: new Date(row.updatedAt).toISOString() }
}

export function findStockLevels(db: AppDatabase, ids: number[]): StockBatch {
  const items = statements(db).stockLevels.all({ ids: JSON.stringify(ids) })
  const found = new Set(items.map((item) => item.productId))
  return { items, missing: ids.filter((id) => !found.has(id)) }
}
