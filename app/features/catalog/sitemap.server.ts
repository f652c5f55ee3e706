import { asc, sql } from 'drizzle-orm'
import type { AppDatabase } from '#db/connection'
import { preparedPerDatabase } from '#db/prepared-statements'
import { categories, products } from '#db/schema'
import { escapeXml } from '~/lib/xml'

/** The sitemap protocol's most URLs in one file (sitemaps.org); past it, /sitemap.xml becomes an index. */
export const SITEMAP_URL_LIMIT = 50_000

export type SitemapPart = 'categories' | 'products'

// A category's products on sale: both figures come from the index products_category_updated_idx
// alone, one seek per category (a join counting the same rows read every product row: 0.3 s on
// 100,000 products).
const onSaleIn = (category: typeof categories.slug) => sql`${products.category} = ${category} and ${products.archivedAt} is null`

const statements = preparedPerDatabase((db) => ({
  categories: db
    .select({
      slug: categories.slug,
      products: sql<number>`(select count(*) from ${products} where ${onSaleIn(categories.slug)})`,
      lastModified: sql<number | null>`(select max(${products.updatedAt}) from ${products} where ${onSaleIn(categories.slug)})`,
    })
    .from(categories)
    .orderBy(asc(categories.position))
    .prepare(),
  // One file's products, read row by row as the XML is written (better-sqlite3's iterate, raw
  // rows): 50,000 rows never become 50,000 objects. In id order, so a product keeps its file as
  // others are edited; only creating and archiving move the boundaries.
  products: db.$client
    .prepare<{ limit: number; offset: number }, [slug: string, updatedAt: number]>(
      'SELECT slug, updated_at FROM products WHERE archived_at IS NULL ORDER BY id LIMIT @limit OFFSET @offset',
    )
    .raw(),
}))

type CategoryRow = { slug: string; products: number; lastModified: number | null }

/** What the sitemap holds right now: read at every request, so a product created or archived is in step at once. */
export function readSitemapPlan(db: AppDatabase, urlsPerFile = SITEMAP_URL_LIMIT) {
  const categoryRows: CategoryRow[] = statements(db).categories.all()
  const productCount = categoryRows.reduce((sum, row) => sum + row.products, 0)
  const files = { categories: Math.ceil(categoryRows.length / urlsPerFile), products: Math.ceil(productCount / urlsPerFile) }
  return { categoryRows, productCount, urlsPerFile, files, split: categoryRows.length + productCount > urlsPerFile }
}

export type SitemapPlan = ReturnType<typeof readSitemapPlan>

// W3C datetime, to the second: what the sitemap protocol asks of <lastmod>.
const w3cDate = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`

// The origin is escaped once per file; a slug passes through encodeURIComponent, whose output
// holds none of the characters XML reserves in text (& < >).
const urlEntry = (escapedPrefix: string, path: string, lastModified: number | null) =>
  `<url><loc>${escapedPrefix}${path}</loc>${lastModified === null ? '' : `<lastmod>${w3cDate(lastModified)}</lastmod>`}</url>\n`

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
const NAMESPACE = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'

function writeCategoryUrls(out: string[], origin: string, rows: CategoryRow[]) {
  const prefix = `${escapeXml(origin)}/categories/`
  for (const row of rows) out.push(urlEntry(prefix, encodeURIComponent(row.slug), row.lastModified))
}

function writeProductUrls(out: string[], db: AppDatabase, origin: string, page: { limit: number; offset: number }) {
  const prefix = `${escapeXml(origin)}/products/`
  for (const [slug, updatedAt] of statements(db).products.iterate(page)) out.push(urlEntry(prefix, encodeURIComponent(slug), updatedAt))
}

/** /sitemap.xml: every URL, or, past the limit, an index of the numbered files. */
export function writeSitemap(db: AppDatabase, plan: SitemapPlan, origin: string) {
  const out = [XML_HEAD]
  if (plan.split) {
    out.push(`<sitemapindex ${NAMESPACE}>\n`)
    for (const part of ['categories', 'products'] as const) {
      for (let number = 1; number <= plan.files[part]; number++) out.push(`<sitemap><loc>${escapeXml(`${origin}${sitemapFilePath(part, number)}`)}</loc></sitemap>\n`)
    }
    out.push('</sitemapindex>\n')
  } else {
    out.push(`<urlset ${NAMESPACE}>\n`)
    writeCategoryUrls(out, origin, plan.categoryRows)
    writeProductUrls(out, db, origin, { limit: plan.productCount, offset: 0 })
    out.push('</urlset>\n')
  }
  return out.join('')
}

/** One numbered file of a split sitemap; undefined when there is no such file. */
export function writeSitemapFile(db: AppDatabase, plan: SitemapPlan, origin: string, part: SitemapPart, number: number) {
  if (!Number.isInteger(number) || number < 1 || number > plan.files[part]) return undefined
  const offset = (number - 1) * plan.urlsPerFile
  const out = [XML_HEAD, `<urlset ${NAMESPACE}>\n`]
  if (part === 'categories') writeCategoryUrls(out, origin, plan.categoryRows.slice(offset, offset + plan.urlsPerFile))
  else writeProductUrls(out, db, origin, { limit: plan.urlsPerFile, offset })
  out.push('</urlset>\n')
  return out.join('')
}

export const sitemapFilePath = (part: SitemapPart, number: number) => `/sitemaps/${part}-${number}.xml`
