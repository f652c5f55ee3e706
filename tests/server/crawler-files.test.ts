// @vitest-environment jsdom
// The DOM's DOMParser reads the sitemaps as XML, so a badly escaped character fails the test.
import { and, asc, desc, eq, isNull } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { all, get, read, run } from '#db/work'
import { answerCrawlerFile, type CrawlerFileOptions } from '~/http/crawler-files'
import { setUpShopOnEitherEngine } from '../support/fresh-shop'
import { setArchived } from '../support/shop-rows'

const ORIGIN = 'https://shop.example'
const shop = setUpShopOnEitherEngine({ products: 30 })

async function fetchFile(path: string, options: Partial<CrawlerFileOptions> = {}, init?: RequestInit) {
  const response = await answerCrawlerFile(new Request(new URL(path, 'http://localhost:3000'), init), { db: shop.db, origin: ORIGIN, ...options })
  return { status: response.status, headers: response.headers, body: await response.text() }
}

/** The document's <loc> texts, each with its <lastmod> when it has one; fails on XML that does not parse. */
function readSitemap(xml: string) {
  const document = new DOMParser().parseFromString(xml, 'application/xml')
  expect(document.getElementsByTagName('parsererror')).toHaveLength(0)
  const entries = [...document.documentElement.children].map((entry) => ({
    loc: entry.getElementsByTagName('loc')[0]?.textContent ?? '',
    lastmod: entry.getElementsByTagName('lastmod')[0]?.textContent ?? undefined,
  }))
  return { root: document.documentElement.localName, entries, locs: entries.map((entry) => entry.loc) }
}

/** The products on sale, in id order. */
const onSale = () => read(shop.db, all((db, t) => db.select({ id: t.products.id, slug: t.products.slug }).from(t.products).where(isNull(t.products.archivedAt)).orderBy(asc(t.products.id))))

/** Creates a product on sale without the API, as an admin would; answers its id. */
async function addProduct(slug: string, updatedAt: number, category = 'desks') {
  const added = await read(
    shop.db,
    get((db, t) =>
      db
        .insert(t.products)
        .values({ slug, sku: `NEW-${slug}`, name: `New ${slug}`, description: 'Just in.', category, priceCents: 1000, stock: 5, createdAt: updatedAt, updatedAt })
        .returning({ id: t.products.id }),
    ),
  )
  if (!added) throw new Error(`${slug} was not added`)
  return added
}

const archive = (id: number) => setArchived(shop.db, id, true)

describe('/robots.txt', () => {
  it('keeps crawlers out of the admin, the cart, checkout, orders and the API, and names the sitemap by its absolute URL', async () => {
    const { status, headers, body } = await fetchFile('/robots.txt')
    expect(status).toBe(200)
    expect(headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(body.split('\n')).toEqual([
      'User-agent: *',
      'Disallow: /admin',
      'Disallow: /api',
      'Disallow: /cart',
      'Disallow: /checkout',
      'Disallow: /orders',
      '',
      'Sitemap: https://shop.example/sitemap.xml',
      '',
    ])
  })

  it('says the same whatever Host the request names', async () => {
    const honest = await fetchFile('/robots.txt')
    const forged = await fetchFile('http://evil.example/robots.txt', {}, { headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example' } })
    expect(forged.body).toBe(honest.body)
  })
})

describe('/sitemap.xml', () => {
  it('lists every category and every product on sale, with absolute URLs', async () => {
    const { status, headers, body } = await fetchFile('/sitemap.xml', { rowsPerChunk: 7 })
    expect(status).toBe(200)
    expect(headers.get('content-type')).toBe('application/xml; charset=utf-8')
    expect(headers.get('cache-control')).toBe('no-cache')
    const { root, locs } = readSitemap(body)
    expect(root).toBe('urlset')
    const categoryRows = await read(shop.db, all((db, t) => db.select({ slug: t.categories.slug }).from(t.categories).orderBy(asc(t.categories.position))))
    const categoryUrls = categoryRows.map(({ slug }) => `https://shop.example/categories/${slug}`)
    const productUrls = (await onSale()).map((product) => `https://shop.example/products/${product.slug}`)
    expect(categoryUrls).toHaveLength(12)
    expect(locs).toEqual([...categoryUrls, ...productUrls])
  })

  it('dates each product by its last change, and each category by the newest change among its products on sale', async () => {
    // Later than any seeded product, in a category that holds seeded products too.
    const latest = Date.UTC(2031, 4, 6, 7, 8, 9, 500)
    const { id } = await addProduct('fresh-rug', latest, 'rugs')
    const dated = readSitemap((await fetchFile('/sitemap.xml')).body).entries
    expect(dated).toContainEqual({ loc: 'https://shop.example/products/fresh-rug', lastmod: '2031-05-06T07:08:09Z' })
    expect(dated).toContainEqual({ loc: 'https://shop.example/categories/rugs', lastmod: '2031-05-06T07:08:09Z' })

    await archive(id)
    const rugs = await read(
      shop.db,
      get((db, t) =>
        db
          .select({ updatedAt: t.products.updatedAt })
          .from(t.products)
          .where(and(eq(t.products.category, 'rugs'), isNull(t.products.archivedAt)))
          .orderBy(desc(t.products.updatedAt))
          .limit(1),
      ),
    )
    if (!rugs) throw new Error('the seeded shop has no rug on sale')
    const after = readSitemap((await fetchFile('/sitemap.xml')).body).entries.find((entry) => entry.loc === 'https://shop.example/categories/rugs')
    expect(after?.lastmod).toBe(`${new Date(rugs.updatedAt).toISOString().slice(0, 19)}Z`)
  })

  it('lists a category with no product on sale, without a date', async () => {
    await read(shop.db, run((db, t) => db.update(t.products).set({ archivedAt: Date.now() }).where(eq(t.products.category, 'rugs'))))
    const entries = readSitemap((await fetchFile('/sitemap.xml')).body).entries
    expect(entries).toContainEqual({ loc: 'https://shop.example/categories/rugs', lastmod: undefined })
  })

  it('is in step with the catalog at once: a product created appears, a product archived leaves', async () => {
    const [first] = await onSale()
    if (!first) throw new Error('no product')
    await addProduct('brand-new-lamp', Date.now())
    await archive(first.id)
    const { locs } = readSitemap((await fetchFile('/sitemap.xml')).body)
    expect(locs).toContain('https://shop.example/products/brand-new-lamp')
    expect(locs).not.toContain(`https://shop.example/products/${first.slug}`)
    expect(locs).toHaveLength(12 + 30)
  })

  it('says the same whatever Host the request names', async () => {
    const honest = await fetchFile('/sitemap.xml')
    const forged = await fetchFile('http://evil.example/sitemap.xml', {}, { headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example' } })
    expect(forged.body).toBe(honest.body)
    expect(forged.body).not.toContain('evil.example')
  })

  it('escapes what XML reserves, in the origin and in a slug', async () => {
    await addProduct('odd&<slug>', Date.now())
    const { body } = await fetchFile('/sitemap.xml', { origin: "http://a&b'c.example" })
    const { locs } = readSitemap(body)
    expect(locs).toContain("http://a&b'c.example/categories/desks")
    expect(locs).toContain("http://a&b'c.example/products/odd%26%3Cslug%3E")
  })
})

describe('a sitemap past its limit of URLs per file', () => {
  // 12 categories and 30 products, 10 URLs a file: 2 files of categories, 3 of products; each
  // file's products read 3 rows at a time, so chunks end inside a file and at its end.
  const split = { urlsPerFile: 10, rowsPerChunk: 3 }

  it('becomes an index of numbered files', async () => {
    const { root, locs } = readSitemap((await fetchFile('/sitemap.xml', split)).body)
    expect(root).toBe('sitemapindex')
    expect(locs).toEqual([
      'https://shop.example/sitemaps/categories-1.xml',
      'https://shop.example/sitemaps/categories-2.xml',
      'https://shop.example/sitemaps/products-1.xml',
      'https://shop.example/sitemaps/products-2.xml',
      'https://shop.example/sitemaps/products-3.xml',
    ])
  })

  it('holds every URL once across its files, none with more than the limit', async () => {
    const whole = readSitemap((await fetchFile('/sitemap.xml')).body).entries
    const parts = []
    for (const path of ['categories-1', 'categories-2', 'products-1', 'products-2', 'products-3']) {
      const { status, body } = await fetchFile(`/sitemaps/${path}.xml`, split)
      expect(status).toBe(200)
      const { root, entries } = readSitemap(body)
      expect(root).toBe('urlset')
      expect(entries.length).toBeLessThanOrEqual(10)
      parts.push(...entries)
    }
    expect(parts).toEqual(whole)
  })

  it('streams a file a few rows at a time, so a long file never holds the server for its whole length', async () => {
    const response = await answerCrawlerFile(new Request('http://localhost:3000/sitemaps/products-1.xml'), { db: shop.db, origin: ORIGIN, ...split })
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    const chunks: string[] = []
    for (let read = await reader.read(); !read.done; read = await reader.read()) chunks.push(new TextDecoder().decode(read.value))
    // 10 products, 3 rows a chunk.
    expect(chunks.filter((chunk) => chunk.includes('<url>')).map((chunk) => chunk.match(/<url>/g)?.length)).toEqual([3, 3, 3, 1])
  })

  it('answers 404 for a file past the last one', async () => {
    expect((await fetchFile('/sitemaps/products-4.xml', split)).status).toBe(404)
    expect((await fetchFile('/sitemaps/categories-0.xml', split)).status).toBe(404)
  })

  it('gains a file as soon as the catalog outgrows the last one', async () => {
    await addProduct('one-more-chair', Date.now())
    const { locs } = readSitemap((await fetchFile('/sitemap.xml', split)).body)
    expect(locs.at(-1)).toBe('https://shop.example/sitemaps/products-4.xml')
    const { locs: last } = readSitemap((await fetchFile('/sitemaps/products-4.xml', split)).body)
    expect(last).toEqual(['https://shop.example/products/one-more-chair'])
  })
})
