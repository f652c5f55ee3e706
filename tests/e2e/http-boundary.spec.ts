import { expect, test } from './fixtures'

// The production server's wiring: what reaches the API router, and what the browser gets back.

test('unknown /api paths, and /api itself, answer a JSON 404', async ({ request }) => {
  for (const path of ['/api/nope', '/api/products/a/b', '/api']) {
    const response = await request.get(path)
    expect(response.status(), path).toBe(404)
    expect(await response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } })
  }
})

test('a path with broken percent-encoding answers the API error shape, not an empty 400', async ({ request }) => {
  const response = await request.get('/api/products/%E0%A4%A')
  expect(response.status()).toBe(400)
  expect(await response.json()).toMatchObject({ error: { code: 'VALIDATION_ERROR' } })
})

test('bad query parameters answer 400 VALIDATION_ERROR with the zod issues', async ({ request }) => {
  const response = await request.get('/api/products?pageSize=0&sort=bogus&page=-1&minPrice=x')
  expect(response.status()).toBe(400)
  const body = (await response.json()) as { error: { code: string; details: Array<{ path: string }> } }
  expect(body.error.code).toBe('VALIDATION_ERROR')
  expect(body.error.details.map((issue) => issue.path).sort()).toEqual(['minPrice', 'page', 'pageSize', 'sort'])
})

test('a body over 1 MB answers 413', async ({ request }) => {
  const response = await request.post('/api/products', { data: 'x'.repeat(1024 * 1024 + 10), headers: { 'content-type': 'text/plain' } })
  expect(response.status()).toBe(413)
  expect(await response.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } })
})

test('product images are SVGs drawn by the app', async ({ request }) => {
  const { items } = (await (await request.get('/api/products?pageSize=1')).json()) as { items: Array<{ imageUrl: string; name: string }> }
  const image = await request.get(items[0]?.imageUrl ?? '')
  expect(image.status()).toBe(200)
  expect(image.headers()['content-type']).toBe('image/svg+xml')
  expect(await image.text()).toContain('<svg')
  expect((await request.get('/images/products/no-such-product.svg')).status()).toBe(404)
})

test('an unknown category answers HTTP 404, whatever its spelling', async ({ page }) => {
  for (const slug of ['no-such-category', 'Desks', 'a'.repeat(200), 'x%20y']) {
    const response = await page.goto(`/categories/${slug}`)
    expect(response?.status(), slug).toBe(404)
    await expect(page.getByRole('heading', { name: "We couldn't find that category" })).toBeVisible()
  }
})

test('a path that matches a page only partly is a plain 404', async ({ page }) => {
  for (const path of ['/categories/desks/extra', '/products/no-such-product/extra', '/search/extra']) {
    const response = await page.goto(path)
    expect(response?.status(), path).toBe(404)
    await expect(page.getByRole('heading', { name: "We couldn't find that page" })).toBeVisible()
  }
})

test('an API path answers OPTIONS with what it allows, and TRACE with 405', async ({ request }) => {
  const options = await request.fetch('/api/products', { method: 'OPTIONS' })
  expect(options.status()).toBe(204)
  expect(options.headers()['allow']).toBe('GET, HEAD, OPTIONS')
  const trace = await request.fetch('/api/health', { method: 'TRACE' })
  expect(trace.status()).toBe(405)
  expect(await trace.json()).toMatchObject({ error: { code: 'METHOD_NOT_ALLOWED' } })
})

test('a listing URL with mistyped values still renders the listing', async ({ page }) => {
  const longSearches = [`/search?q=${'desk '.repeat(60)}`, `/search?q=${encodeURIComponent('İ'.repeat(150))}`]
  for (const path of ['/search?page=abc&min=x&sort=zzz', ...longSearches, '/categories/desks?page=99999']) {
    const response = await page.goto(path)
    expect(response?.status(), path).toBe(200)
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  }
})
