import { and, asc, count, desc, eq, gt, gte, isNull, lte, sql, type SQL } from 'drizzle-orm'
import { all, currentEngine, get, prepare, read, type Database, type Engine, type Tables, type Work } from '#db/work'
import type { Product, ProductListFilters, ProductPage, ProductSummary, StockBatch } from './catalog.schemas'
import { productImageUrl } from './product-image'

const summaryColumns = ({ products, categories }: Tables) => ({
  id: products.id,
  slug: products.slug,
  sku: products.sku,
  name: products.name,
  priceCents: products.priceCents,
  stock: products.stock,
  categorySlug: categories.slug,
  categoryName: categories.name,
})

type SummaryRow = { id: number; slug: string; sku: string; name: string; priceCents: number; stock: number; categorySlug: string; categoryName: string }

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

/**
 * The same search for PostgreSQL: every word must match, the last as a prefix (`word:*`), over the
 * expression its search index is built on (db/postgres/schema.ts). Words are letters and digits
 * only, so no tsquery operator comes from the shopper.
 */
export function toTsQuery(text: string) {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
  return words.map((word, index) => `${word}${index === words.length - 1 ? ':*' : ''}`).join(' & ')
}

/** A list of ids as one parameter: a JSON array for SQLite's json_each, an array for PostgreSQL's ANY. */
const idList = (engine: Engine, ids: number[]) => (engine === 'sqlite' ? JSON.stringify(ids) : ids)

function inIdList({ products }: Tables, engine: Engine) {
  return engine === 'sqlite' ? sql`${products.id} in (select value from json_each(${sql.placeholder('ids')}))` : sql`${products.id} = any(${sql.placeholder('ids')})`
}

// The product page and the stock batch run on every product view and every listing's stock refresh:
// prepared once. A listing's count and page of ids depend on which filters are set (four optional
// filters, five sorts, search or none: dozens of shapes), so they are built per request; the rows of
// the page are then read by id through one prepared statement, as the stock batch is.
const summariesByIds = prepare((db, t, engine) =>
  db
    .select(summaryColumns(t))
    .from(t.products)
    .innerJoin(t.categories, eq(t.categories.slug, t.products.category))
    .where(inIdList(t, engine)),
)
const productBySlug = prepare((db, t) =>
  db
    .select({ ...summaryColumns(t), description: t.products.description, archivedAt: t.products.archivedAt, version: t.products.version, updatedAt: t.products.updatedAt })
    .from(t.products)
    .innerJoin(t.categories, eq(t.categories.slug, t.products.category))
    .where(eq(t.products.slug, sql.placeholder('slug'))),
)
// A renamed product's slug now, by one of its old slugs.
const slugByOldSlug = prepare((db, t) =>
  db
    .select({ slug: t.products.slug })
    .from(t.productSlugRedirects)
    .innerJoin(t.products, eq(t.products.id, t.productSlugRedirects.productId))
    .where(eq(t.productSlugRedirects.slug, sql.placeholder('slug'))),
)
const stockLevels = prepare((db, t, engine) =>
  db
    .select({ productId: t.products.id, stock: t.products.stock, version: t.products.version })
    .from(t.products)
    .where(inIdList(t, engine))
    .orderBy(asc(t.products.id)),
)

/** Whether any filter other than search is set. */
const isNarrowed = (filters: ProductListFilters) => Boolean(filters.category) || filters.minPrice !== undefined || filters.maxPrice !== undefined || Boolean(filters.inStock)

/** The filters other than search, in the very words of the partial indexes' WHERE (see below). */
function listingWhere({ products }: Tables, filters: ProductListFilters) {
  const conditions: SQL[] = []
  if (filters.category) conditions.push(eq(products.category, filters.category))
  if (filters.minPrice !== undefined) conditions.push(gte(products.priceCents, filters.minPrice))
  if (filters.maxPrice !== undefined) conditions.push(lte(products.priceCents, filters.maxPrice))
  if (filters.inStock) conditions.push(gt(products.stock, 0))
  // Products on sale only, in the very words of the partial indexes' WHERE (db/schema.ts): SQLite
  // uses a partial index only for a query whose WHERE implies the index's, and without this term
  // every listing falls back to scanning and sorting the whole table.
  return { where: and(isNull(products.archivedAt), ...conditions) }
}

type PageOfIds = { ids: number[]; total: number }

/** One page of matching ids on SQLite, tuned to its planner and its FTS5 index. */
function* sqlitePageOfIds(filters: ProductListFilters, ftsQuery: string): Work<PageOfIds> {
  const { page, pageSize } = filters
  const matches = sql`products_fts MATCH ${ftsQuery}`
  const rank = sql<number>`bm25(products_fts, 10.0, 1.0)`
  // Words and nothing else: the search index alone answers, its rowids being the products' ids (kept
  // in step by triggers, which hold only products on sale). Joined to products, counting 3,351
  // matches took three times as long.
  const searchAlone = ftsQuery !== '' && !isNarrowed(filters)
  // A search joined to products is counted in the pass that pages it (`count(*) over ()`), so the
  // search index is scanned once, not twice. Any other listing is counted on its own: from an index
  // (a window would read every matching row where the page stops after offset + limit), or, for
  // the search index alone, by itself (SQLite cannot rank with bm25 beside a window).
  const rankedAlone = searchAlone && filters.sort === 'relevance'
  const matchCount = ftsQuery && !rankedAlone ? sql<number>`count(*) over ()` : sql<number>`null`

  // Deferred join: page through ids alone (an index scan, cheap even at a deep offset), then read
  // the full rows of just that page.
  const pageRows = yield* all((db, t) => {
    const { where } = listingWhere(t, filters)
    const search = db
      .select({ rowid: sql<number>`rowid`.as('rowid'), rank: rank.as('rank') })
      .from(sql`products_fts`)
      .where(matches)
      .as('search')
    const idQuery = db.select({ id: t.products.id, matchCount }).from(t.products)
    const rankedIds = db.select({ id: sql<number>`rowid`, matchCount }).from(sql`products_fts`).where(matches).orderBy(rank, sql`rowid`)
    return (
      rankedAlone
        ? rankedIds
        : (ftsQuery ? idQuery.innerJoin(search, eq(search.rowid, t.products.id)) : idQuery).where(where).orderBy(...orderFor(t, filters.sort, ftsQuery ? asc(search.rank) : undefined))
    )
      .limit(pageSize)
      .offset((page - 1) * pageSize)
  })
  // A page past the last match has no row to carry the count.
  let total = ftsQuery ? pageRows[0]?.matchCount : undefined
  total ??=
    (yield* get((db, t) => {
      const { where } = listingWhere(t, filters)
      const countQuery = db.select({ total: count() })
      if (searchAlone) return countQuery.from(sql`products_fts`).where(matches)
      if (ftsQuery) {
        const search = db.select({ rowid: sql<number>`rowid`.as('rowid') }).from(sql`products_fts`).where(matches).as('search')
        return countQuery.from(t.products).innerJoin(search, eq(search.rowid, t.products.id)).where(where)
      }
      return countQuery.from(countSource(t, filters)).where(where)
    }))?.total ?? 0
  return { ids: pageRows.map((row) => row.id), total }
}

/**
 * One page of matching ids on PostgreSQL: a search is a condition on the expression its GIN index
 * is built on, ranked with ts_rank (name words weigh more than description words), and counted in
 * the same pass (`count(*) over ()`); any other listing is counted on its own from its index.
 */
function* postgresPageOfIds(filters: ProductListFilters, tsQuery: string): Work<PageOfIds> {
  const { page, pageSize } = filters
  const document = ({ products }: Tables) => sql`to_tsvector('cartwheel_search', ${products.name} || ' ' || ${products.description})`
  const query = sql`to_tsquery('cartwheel_search', ${tsQuery})`
  const matches = (t: Tables) => (tsQuery ? sql`${document(t)} @@ ${query}` : undefined)
  const rank = ({ products }: Tables) =>
    sql<number>`ts_rank(setweight(to_tsvector('cartwheel_search', ${products.name}), 'A') || setweight(to_tsvector('cartwheel_search', ${products.description}), 'D'), ${query})`
  const pageRows = yield* all((db, t) =>
    db
      .select({ id: t.products.id, matchCount: tsQuery ? sql<number>`count(*) over ()` : sql<number>`null` })
      .from(t.products)
      .where(and(listingWhere(t, filters).where, matches(t)))
      .orderBy(...orderFor(t, filters.sort, tsQuery ? desc(rank(t)) : undefined))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
  )
  let total = tsQuery ? pageRows[0]?.matchCount : undefined
  total ??= (yield* get((db, t) => db.select({ total: count() }).from(t.products).where(and(listingWhere(t, filters).where, matches(t)))))?.total ?? 0
  return { ids: pageRows.map((row) => row.id), total: Number(total) }
}

export function listProducts(db: Database, filters: ProductListFilters): Promise<ProductPage> {
  const { page, pageSize } = filters
  if (filters.q && !toFtsQuery(filters.q)) return Promise.resolve({ items: [], page, pageSize, total: 0, totalPages: 0 })
  return read(db, function* () {
    const engine = yield* currentEngine()
    const { ids, total } = engine === 'sqlite' ? yield* sqlitePageOfIds(filters, filters.q ? toFtsQuery(filters.q) : '') : yield* postgresPageOfIds(filters, filters.q ? toTsQuery(filters.q) : '')
    const rows = ids.length === 0 ? [] : yield* all(summariesByIds, { ids: idList(engine, ids) })
    const byId = new Map(rows.map((row) => [row.id, row]))
    const items = ids.flatMap((id) => {
      const row = byId.get(id)
      return row ? [toSummary(row)] : []
    })
    return { items, page, pageSize, total, totalPages: Math.ceil(total / pageSize) }
  })
}

/**
 * Where a listing without words is counted on SQLite. With no category and no price range nothing
 * narrows the count, and SQLite's planner reckons that scanning a partial index must still read
 * each row for `archived_at` (the index's own WHERE already says it is null): it scans the whole
 * table instead, 25 ms on 100,000 products where the category-and-price index (it holds the stock,
 * for `inStock`) takes 3 to 7 (docs/performance.md). Any other listing's planner picks its index.
 */
function countSource({ products }: Tables, filters: ProductListFilters) {
  const unnarrowed = !filters.category && filters.minPrice === undefined && filters.maxPrice === undefined
  return unnarrowed ? sql`${products} indexed by products_category_price_idx` : products
}

function orderFor({ products }: Tables, sort: ProductListFilters['sort'], byRank: SQL | undefined): SQL[] {
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
      return byRank ? [byRank, asc(products.id)] : [desc(products.createdAt), desc(products.id)]
  }
}

/**
 * The product a slug names: its slug now or, for a renamed product, one it had before (links and
 * bookmarks outlive a rename). The answer carries the slug now, which the page redirects to.
 */
export function findProductBySlug(db: Database, slug: string): Promise<Product | undefined> {
  return read(db, function* () {
    let row = yield* get(productBySlug, { slug })
    if (!row) {
      const renamed = yield* get(slugByOldSlug, { slug })
      if (renamed) row = yield* get(productBySlug, { slug: renamed.slug })
    }
    if (!row) return undefined
    return { ...toSummary(row), description: row.description, archived: row.archivedAt !== null, version: row.version, updatedAt: new Date(row.updatedAt).toISOString() }
  })
}

export function findStockLevels(db: Database, ids: number[]): Promise<StockBatch> {
  return read(db, function* () {
    const items = yield* all(stockLevels, { ids: idList(yield* currentEngine(), ids) })
    const found = new Set(items.map((item) => item.productId))
    return { items, missing: ids.filter((id) => !found.has(id)) }
  })
}
