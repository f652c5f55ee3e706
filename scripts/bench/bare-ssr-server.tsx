// The anchor the SSR bench compares Start with: a bare Node http server that reads the same rows
// from the same SQLite file (better-sqlite3, statements prepared once) and renders the same markup
// with react-dom/server's renderToString, and nothing else: no router, no query cache, no
// streaming, no security headers. The page carries its data as one JSON script, as Start's page
// carries its dehydrated queries. /static answers a fixed string the size of a product page: the
// ceiling of this machine's HTTP path.
// Usage (the bench starts it): NODE_ENV=production node --import tsx scripts/bench/bare-ssr-server.tsx --port 3312 --database shop.db
import { createServer } from 'node:http'
import { parseArgs } from 'node:util'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import Database from 'better-sqlite3'
import type { ReactNode } from 'react'
import { renderToString } from 'react-dom/server'
import { chooseEncoding } from '../serve/compression.ts'

const { values } = parseArgs({ options: { port: { type: 'string' }, database: { type: 'string' }, 'static-bytes': { type: 'string', default: '17000' } } })
if (!values.port || !values.database) throw new Error('--port and --database are required')

const db = new Database(values.database, { readonly: true })
db.pragma('busy_timeout = 5000')

type CategoryRow = { slug: string; name: string; productCount: number }
type SummaryRow = { id: number; slug: string; sku: string; name: string; priceCents: number; stock: number; categorySlug: string; categoryName: string }
type ProductRow = SummaryRow & { description: string; version: number; updatedAt: number }

const summaryColumns = 'p.id, p.slug, p.sku, p.name, p.price_cents as priceCents, p.stock, c.slug as categorySlug, c.name as categoryName'
const statements = {
  categories: db.prepare<[], CategoryRow>(
    'select c.slug, c.name, count(p.id) as productCount from categories c left join products p on p.category = c.slug group by c.slug order by c.position',
  ),
  dataVersion: db.prepare('PRAGMA data_version').pluck(),
  product: db.prepare<[string], ProductRow>(
    `select ${summaryColumns}, p.description, p.version, p.updated_at as updatedAt from products p join categories c on c.slug = p.category where p.slug = ?`,
  ),
  count: db.prepare<[string], number>('select count(*) from products where category = ?').pluck(),
  pageIds: db.prepare<[string, number, number], number>('select id from products where category = ? order by created_at desc, id desc limit ? offset ?').pluck(),
  summaries: db.prepare<[string], SummaryRow>(`select ${summaryColumns} from products p join categories c on c.slug = p.category where p.id in (select value from json_each(?))`),
}

// The categories and their counts are kept, as the app keeps them, until another connection commits.
let kept: { version: number; categories: CategoryRow[] } | undefined
function listCategories() {
  const version = statements.dataVersion.get() as number
  if (kept?.version === version) return kept.categories
  kept = { version, categories: statements.categories.all() }
  return kept.categories
}

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' })
const money = (cents: number) => usd.format(cents / 100)
const imageUrl = (slug: string) => `/images/products/${slug}.svg`

function StockBadge({ stock }: { stock: number }) {
  const label = stock === 0 ? 'Sold out' : stock <= 5 ? 'Low stock' : 'In stock'
  return <span className="inline-block rounded-full px-2 py-0.5 text-xs font-medium bg-emerald-100 text-emerald-900">{label}</span>
}

type DocumentProps = { title: string; description: string; meta?: Array<[property: string, content: string]>; categories: CategoryRow[]; data: unknown; children: ReactNode }

function Document({ title, description, meta = [], categories, data, children }: DocumentProps) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <meta name="description" content={description} />
        {meta.map(([property, content]) => (
          <meta key={property} property={property} content={content} />
        ))}
        <link rel="stylesheet" href="/assets/styles.css" />
        {Array.from({ length: 20 }, (_, index) => (
          <link key={index} rel="modulepreload" href={`/assets/chunk-${index}.js`} fetchPriority="low" />
        ))}
      </head>
      <body className="min-h-screen antialiased">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-2">
          Skip to content
        </a>
        <header className="border-b border-stone-200 bg-white">
          <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3">
            <a className="font-display text-2xl font-bold tracking-tight" href="/">
              Cartwheel
            </a>
            <form role="search" className="order-last flex w-full min-w-0 sm:order-none sm:w-auto sm:flex-1" action="/search" method="get">
              <label htmlFor="site-search" className="sr-only">
                Search products
              </label>
              <input id="site-search" type="search" placeholder="Search desks, lamps, rugs…" maxLength={200} className="min-w-0 flex-1 rounded-l-md border border-stone-300 bg-white px-3 py-2" name="q" defaultValue="" />
              <button type="submit" className="rounded-r-md bg-ink px-4 text-white">
                Search
              </button>
            </form>
            <nav aria-label="Your account" className="flex items-center gap-4 text-sm">
              <a className="hover:underline" href="/orders">
                Orders
              </a>
              <a className="inline-flex items-center gap-2 rounded-full border border-stone-300 px-3 py-1 text-sm hover:bg-stone-100" href="/cart">
                <span>Cart: {0} items</span>
              </a>
            </nav>
          </div>
          <nav aria-label="Categories" className="mx-auto max-w-6xl overflow-x-auto px-4">
            <ul className="flex gap-4 py-2 text-sm whitespace-nowrap">
              {categories.map((category) => (
                <li key={category.slug}>
                  <a className="text-stone-600 hover:text-ink" href={`/categories/${category.slug}`}>
                    {category.name}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-8 outline-none">
          {children}
        </main>
        <footer className="border-t border-stone-200 py-8 text-center text-sm text-stone-500">
          <p>Cartwheel · prices in USD</p>
        </footer>
        {/* The page's data for hydration, as Start's page carries its dehydrated queries. */}
        <script id="data" type="application/json" dangerouslySetInnerHTML={{ __html: JSON.stringify(data).replace(/</g, '\\u003c') }} />
        <script type="module" async src="/assets/index.js" />
      </body>
    </html>
  )
}

function ProductPage({ product }: { product: ProductRow }) {
  return (
    <article className="grid gap-8 md:grid-cols-2">
      <img src={imageUrl(product.slug)} alt={product.name} width={400} height={300} className="w-full rounded-xl border border-stone-200" />
      <div className="space-y-4">
        <nav aria-label="Breadcrumb" className="text-sm text-stone-500">
          <a className="hover:underline" href={`/categories/${product.categorySlug}`}>
            {product.categoryName}
          </a>
        </nav>
        <h1 className="font-display text-4xl">{product.name}</h1>
        <p className="text-2xl font-semibold">{money(product.priceCents)}</p>
        <p className="flex flex-wrap items-center gap-2" aria-live="polite">
          <StockBadge stock={product.stock} />
          <span className="text-sm text-stone-600">{product.stock} available</span>
        </p>
        <form className="space-y-3">
          <label htmlFor="quantity" className="block text-sm text-stone-600">
            Quantity
          </label>
          <input id="quantity" type="number" inputMode="numeric" min={1} max={product.stock} className="w-14 border-x border-stone-300 py-2 text-center" defaultValue={1} />
          <button type="submit" className="rounded-md bg-stone-900 px-5 py-2.5 font-medium text-white hover:bg-stone-700">
            Add to cart
          </button>
        </form>
        <p className="leading-relaxed text-stone-700">{product.description}</p>
        <p className="text-xs text-stone-500">SKU {product.sku}</p>
      </div>
    </article>
  )
}

function CategoryPage({ category, items, total }: { category: CategoryRow; items: SummaryRow[]; total: number }) {
  return (
    <div className="space-y-6">
      <h1 className="font-display text-3xl">{category.name}</h1>
      <p className="text-sm text-stone-600" aria-live="polite">
        Showing 1–{items.length} of {total} products
      </p>
      <ul aria-label={`${category.name} products`} className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4">
        {items.map((item) => (
          <li key={item.id} className="group rounded-lg border border-stone-200 bg-white transition hover:shadow-md focus-within:ring-2 focus-within:ring-accent">
            <a className="block p-3 outline-none" href={`/products/${item.slug}`}>
              <img src={imageUrl(item.slug)} alt="" width={400} height={300} loading="lazy" className="aspect-[4/3] w-full rounded-md" />
              <h3 className="mt-3 line-clamp-2 font-medium group-hover:underline">{item.name}</h3>
              <p className="mt-1 text-xs text-stone-500">{item.categoryName}</p>
              <div className="mt-2 flex items-center justify-between">
                <span className="font-semibold">{money(item.priceCents)}</span>
                <StockBadge stock={item.stock} />
              </div>
            </a>
            <div className="flex items-center justify-between gap-2 px-3 pb-3">
              <button type="button" aria-label={`Add to cart: ${item.name}`} className="rounded-md bg-stone-900 px-3 py-1.5 text-sm text-white hover:bg-stone-700">
                Add to cart
              </button>
            </div>
          </li>
        ))}
      </ul>
      <nav aria-label="Pagination" className="mt-8 flex items-center justify-center gap-4 text-sm">
        <span aria-current="page">Page 1 of {Math.ceil(total / 24)}</span>
        <a rel="next" href={`/categories/${category.slug}?page=2`}>
          Next →
        </a>
      </nav>
    </div>
  )
}

const productMeta = (product: ProductRow): DocumentProps['meta'] => [
  ['og:type', 'product'],
  ['og:title', product.name],
  ['og:description', product.description.slice(0, 160)],
  ['og:image', `http://localhost${imageUrl(product.slug)}`],
  ['product:price:amount', (product.priceCents / 100).toFixed(2)],
  ['product:price:currency', 'USD'],
]

function productPage(slug: string) {
  const product = statements.product.get(slug)
  if (!product) return undefined
  const categories = listCategories()
  const data = { categories, cart: { lines: [] }, product: { ...product, updatedAt: new Date(product.updatedAt).toISOString(), imageUrl: imageUrl(product.slug) } }
  return `<!DOCTYPE html>${renderToString(
    <Document title={`${product.name} — Cartwheel`} description={product.description.slice(0, 160)} meta={productMeta(product)} categories={categories} data={data}>
      <ProductPage product={product} />
    </Document>,
  )}`
}

function categoryPage(slug: string) {
  const categories = listCategories()
  const category = categories.find((candidate) => candidate.slug === slug)
  if (!category) return undefined
  const total = statements.count.get(slug) ?? 0
  const ids = statements.pageIds.all(slug, 24, 0)
  const byId = new Map(statements.summaries.all(JSON.stringify(ids)).map((row) => [row.id, row]))
  const items = ids.flatMap((id) => byId.get(id) ?? [])
  const data = { categories, cart: { lines: [] }, list: { items: items.map((item) => ({ ...item, imageUrl: imageUrl(item.slug) })), page: 1, pageSize: 24, total } }
  return `<!DOCTYPE html>${renderToString(
    <Document title={`${category.name} — Cartwheel`} description={category.name} categories={categories} data={data}>
      <CategoryPage category={category} items={items} total={total} />
    </Document>,
  )}`
}

const staticPage = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Static</title></head><body>${'<p class="text-stone-700">Cartwheel</p>'.repeat(Math.ceil(Number(values['static-bytes']) / 38))}</body></html>`

// Compressed like the production server's pages (scripts/serve/compression.ts: brotli at quality
// 4, else gzip) when the request asks, so the two can be compared with compression on as well as off.
function encode(html: string, acceptEncoding: string | undefined): { body: string | Buffer; encoding?: string } {
  const encoding = chooseEncoding(acceptEncoding ?? null)
  if (encoding === 'br') return { body: brotliCompressSync(html, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } }), encoding }
  if (encoding === 'gzip') return { body: gzipSync(html), encoding }
  return { body: html }
}

const server = createServer((request, response) => {
  const { pathname } = new URL(request.url ?? '/', 'http://localhost')
  let html: string | undefined
  if (pathname === '/api/health') {
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
    return
  }
  if (pathname === '/static') html = staticPage
  else if (pathname.startsWith('/products/')) html = productPage(decodeURIComponent(pathname.slice('/products/'.length)))
  else if (pathname.startsWith('/categories/')) html = categoryPage(decodeURIComponent(pathname.slice('/categories/'.length)))
  if (html === undefined) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found')
    return
  }
  const { body, encoding } = encode(html, request.headers['accept-encoding'])
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...(encoding ? { 'content-encoding': encoding, vary: 'Accept-Encoding' } : {}) }).end(body)
})
server.listen(Number(values.port), '127.0.0.1', () => console.log(`Bare renderToString server on http://127.0.0.1:${values.port}`))
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    server.close(() => db.close())
    server.closeAllConnections()
  })
}
