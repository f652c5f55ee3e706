import type { Page, Request } from '@playwright/test'
import { expect, test } from './fixtures'
import { productWithStock, recordApiRequests, setStock, waitForHydration } from './support'

// Generous: a busy CI machine must not fail these. The latency goal (p95 under 1 s) is measured by `npm run bench`.
const ARRIVES = { timeout: 10_000 }

const badge = (page: Page) => page.getByRole('banner').getByRole('link', { name: /^Cart:/ })
const isStream = (request: Request) => new URL(request.url()).pathname === '/api/events'

async function open(page: Page, path: string) {
  await page.goto(path)
  await waitForHydration(page)
}

test('a line added in one tab shows in another tab’s badge and cart page, with no request from that tab', async ({ page, openPage, request }) => {
  const product = await productWithStock(request, 45, 30)
  // Opened first, this tab holds the browser's stream; the cart tab only hears what it relays.
  await open(page, `/products/${product.slug}`)
  const cartTab = await openPage()
  await open(cartTab, '/cart')
  await expect(cartTab.getByRole('heading', { name: 'Your cart is empty' })).toBeVisible()
  const recorded = recordApiRequests(cartTab)

  // The browser's first cart: its cookie is new, and the stream reopens to hear that cart.
  await page.getByRole('button', { name: 'Add to cart' }).click()
  await expect(badge(page)).toContainText('Cart: 1 item')

  await expect(badge(cartTab)).toContainText('Cart: 1 item', ARRIVES)
  await expect(cartTab.getByRole('link', { name: product.name })).toBeVisible(ARRIVES)
  await recorded.settle()
  expect(recorded.requests).toEqual([])
})

test('the tab holding the stream reopens it for a cart another tab created, and shows that cart', async ({ page, openPage, request }) => {
  const product = await productWithStock(request, 46, 30)
  // Opened first, the cart tab holds the stream; the product tab asks it to reopen.
  await open(page, '/cart')
  await expect(page.getByRole('heading', { name: 'Your cart is empty' })).toBeVisible()
  const productTab = await openPage()
  await open(productTab, `/products/${product.slug}`)
  const recorded = recordApiRequests(page)

  await productTab.getByRole('button', { name: 'Add to cart' }).click()
  await expect(badge(productTab)).toContainText('Cart: 1 item')

  await expect(badge(page)).toContainText('Cart: 1 item', ARRIVES)
  await expect(page.getByRole('link', { name: product.name })).toBeVisible(ARRIVES)
  await recorded.settle()
  // The reopened stream is its only request: the cart came in on it.
  expect(recorded.requests).toEqual([expect.stringMatching(/^GET \/api\/events\?since=\d+$/)])
})

test('a browser whose cart cookie outlived its cart still sees its new cart in every tab', async ({ page, context, openPage, request, baseURL }) => {
  const product = await productWithStock(request, 49, 30)
  // The cookie names a cart the purge removed: the next write makes a cart under a new token.
  await context.addCookies([{ name: 'cartwheel_cart', value: 'a-cart-purged-long-ago', url: baseURL }])
  await open(page, '/cart')
  const productTab = await openPage()
  await open(productTab, `/products/${product.slug}`)

  await productTab.getByRole('button', { name: 'Add to cart' }).click()
  await expect(badge(productTab)).toContainText('Cart: 1 item')
  await expect(badge(page)).toContainText('Cart: 1 item', ARRIVES)
  await expect(page.getByRole('link', { name: product.name })).toBeVisible(ARRIVES)
})

test('three tabs share one event stream; when its tab closes, another takes it over and the rest still hear events', async ({ page, context, openPage, request }) => {
  const product = await productWithStock(request, 47, 5)
  const streams: Request[] = []
  context.on('request', (sent) => void (isStream(sent) && streams.push(sent)))
  const tabs = [page, await openPage(), await openPage()]
  for (const tab of tabs) await open(tab, `/products/${product.slug}`)
  await setStock(request, product.productId, 4)
  for (const tab of tabs) await expect(tab.getByText('Only 4 left')).toBeVisible(ARRIVES)
  expect(streams.map((stream) => stream.url())).toHaveLength(1)

  const leader = streams[0]?.frame().page()
  const others = tabs.filter((tab) => tab !== leader)
  expect(others).toHaveLength(2)
  await leader?.close()
  await setStock(request, product.productId, 3)

  for (const tab of others) await expect(tab.getByText('Only 3 left')).toBeVisible(ARRIVES)
  expect(streams.map((stream) => stream.url())).toHaveLength(2)
  expect(others).toContain(streams[1]?.frame().page())
})
