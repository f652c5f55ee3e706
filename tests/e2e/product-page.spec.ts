import type { APIRequestContext } from '@playwright/test'
import { expect, test } from './fixtures'
import { recordApiRequests, waitForHydration } from './support'

async function firstProduct(request: APIRequestContext) {
  const response = await request.get('/api/products?pageSize=1&sort=name')
  const { items } = (await response.json()) as { items: Array<{ slug: string; name: string; priceCents: number }> }
  return items[0] as { slug: string; name: string; priceCents: number }
}

const money = (cents: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(cents / 100)

test('the product page HTML carries the name and price before any JavaScript runs', async ({ browser, request }) => {
  const product = await firstProduct(request)
  const html = await (await request.get(`/products/${product.slug}`)).text()
  expect(html).toContain(`${product.name}</h1>`)
  expect(html).toContain(money(product.priceCents))

  const context = await browser.newContext({ javaScriptEnabled: false })
  const page = await context.newPage()
  await page.goto(`/products/${product.slug}`)
  await expect(page.getByRole('heading', { level: 1, name: product.name })).toBeVisible()
  await expect(page.getByRole('main').getByText(money(product.priceCents), { exact: true })).toBeVisible()
  await expect(page).toHaveTitle(`${product.name} — Cartwheel`)
  await context.close()
})

test('after hydration the product page asks the API for nothing it was rendered with, and opens the event stream', async ({ page, request }) => {
  const product = await firstProduct(request)
  const api = recordApiRequests(page)
  await page.goto(`/products/${product.slug}`)
  await waitForHydration(page)
  await api.settle()
  // The stream resumes from the point the server read the page's data at.
  expect(api.requests).toEqual([expect.stringMatching(/^GET \/api\/events\?since=\d+$/)])
  await expect(page.getByText(/available|Sold out/)).toBeVisible()
})

test('an unknown product answers HTTP 404 with a helpful page', async ({ page }) => {
  const response = await page.goto('/products/no-such-product')
  expect(response?.status()).toBe(404)
  await expect(page.getByRole('heading', { name: "We couldn't find that product" })).toBeVisible()
  await page.getByRole('link', { name: 'Back to the shop' }).click()
  await expect(page).toHaveURL('/')
})

test('an unknown page answers HTTP 404', async ({ page }) => {
  const response = await page.goto('/no/such/page')
  expect(response?.status()).toBe(404)
  await expect(page.getByRole('heading', { name: "We couldn't find that page" })).toBeVisible()
})
