import { and, asc, gt, isNull, sql } from 'drizzle-orm'
import { all, get, prepare, read, type Database, type Tables } from '#db/work'
import { escapeXml } from '~/lib/xml'

/** The sitemap protocol's most URLs in one file (sitemaps.org); past it, /sitemap.xml becomes an index. */
export const SITEMAP_URL_LIMIT = 50_000

export type SitemapPart = 'categories' | 'products'

// A category's products on sale: both figures come from the index products_category_updated_idx
// alone, one seek per category (a join counting the same rows read every product row: 0.3 s on
// 100,000 products).
const onSaleIn = ({ products, categories }: Tables) => sql`${products.category} = ${categories.slug} and ${products.archivedAt} is null`

const categoriesWithDates = prepare((db, t) =>
  db
    .select({
      slug: t.categories.slug,
      products: sql<number>`(select count(*) from ${t.products} where ${onSaleIn(t)})`.mapWith(Number),
      lastModified: sql<number | null>`(select max(${t.products.updatedAt}) from ${t.products} where ${onSaleIn(t)})`.mapWith(Number),
    })
    .from(t.categories)
    .orderBy(asc(t.categories.position)),
)
// A file's products, a chunk at a time, each chunk picking up after the last id of the one
// before (a seek on the primary key): nothing is held open between chunks, so the server
// answers other requests while a file of 50,000 URLs is written. In id order, so a product
// keeps its file as others are edited; only creating and archiving move the boundaries.
const productsAfter = prepare((db, t) =>
  db
    .select({ id: t.products.id, slug: t.products.slug, updatedAt: t.products.updatedAt })
    .from(t.products)
    .where(and(isNull(t.products.archivedAt), gt(t.products.id, sql.placeholder('after'))))
    .orderBy(asc(t.products.id))
    .limit(sql.placeholder('limit')),
)
// Where a numbered file starts: after the product at this position among those on sale.
const idAt = prepare((db, t) =>
  db
    .select({ id: t.products.id })
    .from(t.products)
    .where(isNull(t.products.archivedAt))
    .orderBy(asc(t.products.id))
    .limit(1)
    .offset(sql.placeholder('offset')),
)

type CategoryRow = { slug: string; products: number; lastModified: number | null }

export type SitemapOptions = {
  /** URLs per file: past it, /sitemap.xml becomes an index. Tests lower it to split a small catalog. */
  urlsPerFile?: number
  /** Product rows read, and their text written, per step of the answer's stream. */
  rowsPerChunk?: number
}

/** What the sitemap holds right now: read at every request, so a product created or archived is in step at once. */
export async function readSitemapPlan(db: Database, { urlsPerFile = SITEMAP_URL_LIMIT, rowsPerChunk = 2_000 }: SitemapOptions = {}) {
  const categoryRows: CategoryRow[] = (await read(db, all(categoriesWithDates))).map((row) => ({ ...row, lastModified: row.lastModified ?? null }))
  const productCount = categoryRows.reduce((sum, row) => sum + row.products, 0)
  const files = { categories: Math.ceil(categoryRows.length / urlsPerFile), products: Math.ceil(productCount / urlsPerFile) }
  return { categoryRows, productCount, urlsPerFile, rowsPerChunk, files, split: categoryRows.length + productCount > urlsPerFile }
}

export type SitemapPlan = Awaited<ReturnType<typeof readSitemapPlan>>

// W3C datetime, to the second: what the sitemap protocol asks of <lastmod>.
const w3cDate = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`

// The origin is escaped once per file; a slug passes through encodeURIComponent, whose output
// holds none of the characters XML reserves in text (& < >).
const urlEntry = (escapedPrefix: string, path: string, lastModified: number | null) =>
  `<url><loc>${escapedPrefix}${path}</loc>${lastModified === null ? '' : `<lastmod>${w3cDate(lastModified)}</lastmod>`}</url>\n`

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
const NAMESPACE = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'

function categoryUrls(origin: string, rows: CategoryRow[]) {
  const prefix = `${escapeXml(origin)}/categories/`
  return rows.map((row) => urlEntry(prefix, encodeURIComponent(row.slug), row.lastModified)).join('')
}

/** The products from position `offset` on, `limit` of them at most, in chunks of text. */
async function* productUrls(db: Database, plan: SitemapPlan, origin: string, { offset, limit }: { offset: number; limit: number }) {
  const prefix = `${escapeXml(origin)}/products/`
  let after = offset === 0 ? 0 : (await read(db, get(idAt, { offset: offset - 1 })))?.id
  for (let left = limit; left > 0 && after !== undefined; ) {
    const rows = await read(db, all(productsAfter, { after, limit: Math.min(plan.rowsPerChunk, left) }))
    if (rows.length === 0) return
    yield rows.map((row) => urlEntry(prefix, encodeURIComponent(row.slug), row.updatedAt)).join('')
    left -= rows.length
    after = rows[rows.length - 1]?.id
  }
}

/** /sitemap.xml, in chunks of text: every URL, or, past the limit, an index of the numbered files. */
export async function* sitemapText(db: Database, plan: SitemapPlan, origin: string) {
  yield XML_HEAD
  if (plan.split) {
    yield `<sitemapindex ${NAMESPACE}>\n`
    for (const part of ['categories', 'products'] as const) {
      for (let number = 1; number <= plan.files[part]; number++) yield `<sitemap><loc>${escapeXml(`${origin}${sitemapFilePath(part, number)}`)}</loc></sitemap>\n`
    }
    yield '</sitemapindex>\n'
  } else {
    yield `<urlset ${NAMESPACE}>\n`
    yield categoryUrls(origin, plan.categoryRows)
    yield* productUrls(db, plan, origin, { offset: 0, limit: plan.productCount })
    yield '</urlset>\n'
  }
}

export const hasSitemapFile = (plan: SitemapPlan, part: SitemapPart, number: number) => Number.isInteger(number) && number >= 1 && number <= plan.files[part]

/** One numbered file of a split sitemap, in chunks of text (ask hasSitemapFile first). */
export async function* sitemapFileText(db: Database, plan: SitemapPlan, origin: string, part: SitemapPart, number: number) {
  const offset = (number - 1) * plan.urlsPerFile
  yield XML_HEAD
  yield `<urlset ${NAMESPACE}>\n`
  if (part === 'categories') yield categoryUrls(origin, plan.categoryRows.slice(offset, offset + plan.urlsPerFile))
  else yield* productUrls(db, plan, origin, { offset, limit: plan.urlsPerFile })
  yield '</urlset>\n'
}

export const sitemapFilePath = (part: SitemapPart, number: number) => `/sitemaps/${part}-${number}.xml`
