import http from 'node:http'
import { mergeTests, type APIRequestContext, type Page } from '@playwright/test'
import Database from 'better-sqlite3'
import { expect, test as pageTest } from './fixtures'
import { test as productionTest } from './production-server'
import { waitForHydration } from './support'

const test = mergeTests(pageTest, productionTest)

type ProductJsonLd = {
  '@type': string
  name: string
  sku: string
  url: string
  image: string
  offers: { price: string; priceCurrency: string; availability: string }
}

async function firstProduct(request: APIRequestContext) {
  const { items } = (await (await request.get('/api/products?pageSize=1&sort=name')).json()) as { items: Array<{ id: number; slug: string; name: string; sku: string; priceCents: number; stock: number }> }
  if (!items[0]) throw new Error('no product')
  return items[0]
}

const canonicalOf = (page: Page) => page.locator('head link[rel="canonical"]').getAttribute('href')

async function structuredDataOf(page: Page) {
  const scripts = page.locator('script[type="application/ld+json"]')
  await expect(scripts).toHaveCount(1)
  return JSON.parse((await scripts.textContent()) ?? '') as ProductJsonLd
}

/** GET with a Host header of the test's choosing, which a browser would never let a page set. */
function getWithHost(url: string, host: string) {
  return new Promise<string>((resolve, reject) => {
    const request = http.get(url, { headers: { host, 'x-forwarded-host': host, 'x-forwarded-proto': 'https' } }, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (body += chunk))
      response.on('end', () => resolve(body))
    })
    request.on('error', reject)
  })
}

test('a product page carries its canonical link and its Product data, on the public origin', async ({ page, request, baseURL }) => {
  const product = await firstProduct(request)
  await page.goto(`/products/${product.slug}`)
  await waitForHydration(page)
  expect(await canonicalOf(page)).toBe(`${baseURL}/products/${product.slug}`)
  expect(await page.locator('head meta[property="og:image"]').getAttribute('content')).toBe(`${baseURL}/images/products/${product.slug}.svg`)
  expect(await structuredDataOf(page)).toMatchObject({
    '@type': 'Product',
    name: product.name,
    sku: product.sku,
    url: `${baseURL}/products/${product.slug}`,
    image: `${baseURL}/images/products/${product.slug}.svg`,
    offers: {
      price: (product.priceCents / 100).toFixed(2),
      priceCurrency: 'USD',
      availability: product.stock > 0 ? 'https://schema.org/InStock' : 'https://schema.org/OutOfStock',
    },
  })
})

test('a filtered, sorted later page of a category points its canonical link at the unfiltered category', async ({ page, baseURL }) => {
  await page.goto('/categories/desks?sort=price-asc&inStock=on&min=10&page=2')
  expect(await canonicalOf(page)).toBe(`${baseURL}/categories/desks`)
  await waitForHydration(page)
  expect(await canonicalOf(page)).toBe(`${baseURL}/categories/desks`)
  // The unfiltered listing's later pages keep their page: they show other products.
  await page.goto('/categories/desks?page=2')
  expect(await canonicalOf(page)).toBe(`${baseURL}/categories/desks?page=2`)
})

test('robots.txt and the sitemap answer with the security headers, the sitemap compressed', async ({ request, baseURL }) => {
  const robots = await request.get('/robots.txt')
  expect(robots.headers()).toMatchObject({ 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' })
  expect(await robots.text()).toContain(`Sitemap: ${baseURL}/sitemap.xml`)
  const sitemap = await request.get('/sitemap.xml', { headers: { 'accept-encoding': 'br' } })
  expect(sitemap.headers()).toMatchObject({ 'content-type': 'application/xml; charset=utf-8', 'content-encoding': 'br', 'x-content-type-options': 'nosniff' })
  expect(await sitemap.text()).toContain(`<loc>${baseURL}/categories/desks</loc>`)
})

test('search results ask search engines not to index them', async ({ page }) => {
  await page.goto('/search?q=desk')
  expect(await page.locator('head meta[name="robots"]').getAttribute('content')).toBe('noindex, follow')
  await expect(page.locator('head link[rel="canonical"]')).toHaveCount(0)
})

test('a product name that closes the script tag stays data in the Product JSON-LD', async ({ page, request }) => {
  const product = await firstProduct(request)
  const hostile = `${product.name} </script><script>window.injected = true</script><!--`
  const db = new Database('data/e2e.db')
  try {
    db.prepare('UPDATE products SET name = ? WHERE id = ?').run(hostile, product.id)
    await page.goto(`/products/${product.slug}`)
    await waitForHydration(page)
    expect((await structuredDataOf(page)).name).toBe(hostile)
    expect(await page.evaluate(() => 'injected' in window)).toBe(false)
  } finally {
    db.prepare('UPDATE products SET name = ? WHERE id = ?').run(product.name, product.id)
    db.close()
  }
})

test.describe('with PUBLIC_ORIGIN set', () => {
  test.slow()
  const publicOrigin = 'https://shop.example'
  // The second of this suite's ports (E2E_PORT + 10).
  const port = Number(process.env.E2E_PORT ?? 3100) + 10

  test('a forged Host header changes no absolute URL: pages, robots.txt and the sitemap', async ({ production }) => {
    const server = await production.start({ port, env: { PUBLIC_ORIGIN: publicOrigin } })
    const { items } = (await (await fetch(`${server.url}/api/products?pageSize=1`)).json()) as { items: Array<{ slug: string }> }
    const slug = items[0]?.slug ?? ''
    const html = await getWithHost(`${server.url}/products/${slug}`, 'evil.example')
    expect(html).toContain(`<link rel="canonical" href="${publicOrigin}/products/${slug}"`)
    expect(html).toContain(`<meta property="og:image" content="${publicOrigin}/images/products/${slug}.svg"`)
    expect(html).toContain(`"url":"${publicOrigin}/products/${slug}"`)
    expect(html).not.toContain('evil.example')

    const robots = await getWithHost(`${server.url}/robots.txt`, 'evil.example')
    expect(robots).toContain(`Sitemap: ${publicOrigin}/sitemap.xml`)
    const sitemap = await getWithHost(`${server.url}/sitemap.xml`, 'evil.example')
    expect(sitemap).toContain(`<loc>${publicOrigin}/products/${slug}</loc>`)
    for (const body of [robots, sitemap]) expect(body).not.toContain('evil.example')
  })

  test('pages the browser renders itself name the public origin too, not the address in its bar', async ({ production, page }) => {
    const server = await production.start({ port, env: { PUBLIC_ORIGIN: publicOrigin } })
    await page.goto(`${server.url}/`)
    await expect(page.locator('head link[rel="canonical"]')).toHaveAttribute('href', `${publicOrigin}/`)
    await waitForHydration(page)
    await page.evaluate(() => Object.assign(window, { sameDocument: true }))
    // A product from the new arrivals, then its category from the breadcrumb: both pages rendered
    // in the browser, with the origin the server sent along with the first page.
    await page.getByRole('list', { name: 'New arrivals' }).getByRole('link').first().click()
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    const data = await structuredDataOf(page)
    expect(data.url).toMatch(new RegExp(`^${publicOrigin}/products/[a-z0-9-]+$`))
    await expect(page.locator('head link[rel="canonical"]')).toHaveAttribute('href', data.url)
    const breadcrumb = page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link')
    const categoryPath = await breadcrumb.getAttribute('href')
    await breadcrumb.click()
    await expect(page).toHaveURL(`${server.url}${categoryPath}`)
    await expect(page.locator('head link[rel="canonical"]')).toHaveAttribute('href', `${publicOrigin}${categoryPath}`)
    expect(await page.evaluate(() => 'sameDocument' in window)).toBe(true)
  })
})
