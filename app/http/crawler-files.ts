import type { Database } from '#db/work'
import { hasSitemapFile, readSitemapPlan, sitemapFileText, sitemapText, type SitemapOptions, type SitemapPart } from '~/features/catalog/sitemap.server'

// Pages a search engine has no business in: one shopper's cart, checkout and orders, the admin
// console, and the API behind the pages.
const DISALLOWED = ['/admin', '/api', '/cart', '/checkout', '/orders']

export const robotsTxt = (origin: string) =>
  ['User-agent: *', ...DISALLOWED.map((path) => `Disallow: ${path}`), '', `Sitemap: ${origin}/sitemap.xml`, ''].join('\n')

const SITEMAP_FILE = /^\/sitemaps\/(categories|products)-(\d{1,7})\.xml$/

export type CrawlerFileOptions = SitemapOptions & {
  db: Database
  /** PUBLIC_ORIGIN: every URL in these files starts with it, whatever Host the request named. */
  origin: string
}

export const isCrawlerFilePath = (pathname: string) => pathname === '/robots.txt' || pathname === '/sitemap.xml' || SITEMAP_FILE.test(pathname)

function answer(body: string, contentType: string, cacheControl: string, status = 200) {
  return new Response(body, {
    status,
    headers: { 'content-type': contentType, 'cache-control': cacheControl, 'content-length': String(Buffer.byteLength(body)) },
  })
}

/**
 * The sitemap, streamed: each chunk of text is written when the client (or the compressor) asks
 * for the next, so other requests are answered between two chunks of a long file. It is read from
 * the database at each request, so a crawler, or a cache in front of the shop, asks again each
 * time rather than keep a list that misses a product created since.
 */
function xml(chunks: AsyncIterator<string>) {
  const encoder = new TextEncoder()
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next()
      if (next.done) controller.close()
      else controller.enqueue(encoder.encode(next.value))
    },
  })
  return new Response(body, { headers: { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'no-cache' } })
}

const notFound = () => answer('Not found\n', 'text/plain; charset=utf-8', 'no-cache', 404)

/** Answers /robots.txt, /sitemap.xml and the numbered sitemap files (/sitemaps/products-2.xml). */
export async function answerCrawlerFile(request: Request, { db, origin, ...sitemap }: CrawlerFileOptions): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return new Response(null, { status: 405, headers: { allow: 'GET, HEAD' } })
  }
  const { pathname } = new URL(request.url)
  // Changes only with PUBLIC_ORIGIN, that is with a restart.
  if (pathname === '/robots.txt') return answer(robotsTxt(origin), 'text/plain; charset=utf-8', 'public, max-age=3600')
  const plan = await readSitemapPlan(db, sitemap)
  if (pathname === '/sitemap.xml') return xml(sitemapText(db, plan, origin))
  const [, part, number] = SITEMAP_FILE.exec(pathname) ?? []
  if (!part || !hasSitemapFile(plan, part as SitemapPart, Number(number))) return notFound()
  return xml(sitemapFileText(db, plan, origin, part as SitemapPart, Number(number)))
}
