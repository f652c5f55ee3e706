import type { APIRequestContext, Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { checkoutDetails } from './http-shopper'
import { productWithStock, recordApiRequests, setStock, waitForHydration, type Product } from './support'

// Generous: a busy CI machine must not fail these. The latency goal (p95 under 1 s) is measured by `npm run bench`.
const ARRIVES = { timeout: 10_000 }

/** The card of `product` on a listing page. */
const cardOf = (page: Page, product: Product) => page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: product.name, exact: true }) })

async function categoryOf(request: APIRequestContext, product: Product) {
  const found = (await (await request.get(`/api/products?q=${encodeURIComponent(product.name)}&pageSize=100`)).json()) as { items: Array<{ id: number; category: { slug: string } }> }
  const slug = found.items.find((item) => item.id === product.productId)?.category.slug
  if (!slug) throw new Error('no category')
  return slug
}

/** Ten idle minutes on the page's fake clock, thirty seconds at a time; each step's requests are recorded before the next. */
async function idleForTenMinutes(page: Page, recorded: ReturnType<typeof recordApiRequests>) {
  for (let step = 0; step < 20; step += 1) {
    await page.clock.runFor('00:30')
    await recorded.settle()
  }
}

const stockPolls = (recorded: ReturnType<typeof recordApiRequests>) => recorded.requests.filter((request) => request.startsWith('GET /api/stock'))

test('an admin’s stock change reaches an open product page with no request from it', async ({ page, request }) => {
  const product = await productWithStock(request, 40, 5)
  await page.goto(`/products/${product.slug}`)
  await waitForHydration(page)
  await expect(page.getByText('Only 5 left')).toBeVisible()
  const recorded = recordApiRequests(page)

  await setStock(request, product.productId, 2)

  await expect(page.getByText('Only 2 left')).toBeVisible(ARRIVES)
  await recorded.settle()
  expect(recorded.requests).toEqual([])
})

test('an admin’s stock change reaches an open category listing with no request from it', async ({ page, request }) => {
  const product = await productWithStock(request, 41, 5)
  await page.goto(`/categories/${await categoryOf(request, product)}?q=${encodeURIComponent(product.name)}`)
  await waitForHydration(page)
  await expect(cardOf(page, product).getByText('Only 5 left')).toBeVisible()
  const recorded = recordApiRequests(page)

  await setStock(request, product.productId, 3)

  await expect(cardOf(page, product).getByText('Only 3 left')).toBeVisible(ARRIVES)
  await recorded.settle()
  expect(recorded.requests).toEqual([])
})

test('a purchase in another browser lowers the stock on an open product page', async ({ page, browser, request }) => {
  const product = await productWithStock(request, 42, 5)
  await page.goto(`/products/${product.slug}`)
  await waitForHydration(page)
  await expect(page.getByText('Only 5 left')).toBeVisible()

  const buyer = await browser.newContext()
  expect((await buyer.request.post('/api/cart/lines', { data: { productId: product.productId, quantity: 2 } })).status()).toBe(200)
  expect((await buyer.request.post('/api/checkout', { data: checkoutDetails, headers: { 'idempotency-key': crypto.randomUUID() } })).status()).toBe(201)
  await buyer.close()

  await expect(page.getByText('Only 3 left')).toBeVisible(ARRIVES)
})

test('an idle product page makes no stock request in ten minutes while the stream is live', async ({ page, request }) => {
  const product = await productWithStock(request, 43, 5)
  await page.clock.install()
  await page.goto(`/products/${product.slug}`)
  await waitForHydration(page)
  // An event arrived: the stream is live.
  await setStock(request, product.productId, 4)
  await expect(page.getByText('Only 4 left')).toBeVisible(ARRIVES)
  const recorded = recordApiRequests(page)

  await idleForTenMinutes(page, recorded)

  expect(stockPolls(recorded)).toEqual([])
})

test('an idle product page polls its stock while the stream cannot connect', async ({ page, request }) => {
  const product = await productWithStock(request, 44, 5)
  await page.route('**/api/events?*', (route) => route.abort())
  await page.route('**/api/events', (route) => route.abort())
  await page.clock.install()
  await page.goto(`/products/${product.slug}`)
  await waitForHydration(page)
  const recorded = recordApiRequests(page)

  await idleForTenMinutes(page, recorded)

  // One refresh when the stream is given up for down, then a poll every 30 s: about twenty.
  expect(stockPolls(recorded).length).toBeGreaterThanOrEqual(10)
})
