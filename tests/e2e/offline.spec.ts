import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { productWithStock, waitForHydration, type Product } from './support'

const connection = (page: Page) => page.getByRole('status', { name: 'Connection' })
const quantityOf = (page: Page, product: Product) => page.locator('output').and(page.getByLabel(`Quantity of ${product.name}`))

type Cart = { lines: Array<{ productId: number; quantity: number }> }
const serverQuantity = async (page: Page, product: Product) =>
  ((await (await page.request.get('/api/cart')).json()) as Cart).lines.find((line) => line.productId === product.productId)?.quantity

/** Records the cart writes the pages of this context send from now on. */
function recordCartWrites(page: Page) {
  const writes: string[] = []
  page.context().on('request', (request) => {
    const url = new URL(request.url())
    if (url.pathname.startsWith('/api/cart/lines') && request.method() !== 'GET') writes.push(`${request.method()} ${url.pathname} ${request.postData()}`)
  })
  return writes
}

test('a cart change made offline survives closing the tab and is applied once when the shop is opened again online', async ({ page, context }) => {
  const product = await productWithStock(page.request, 10, 30)
  expect((await page.request.post('/api/cart/lines', { data: { productId: product.productId, quantity: 1 } })).status()).toBe(200)
  await page.goto('/cart')
  await waitForHydration(page)
  const writes = recordCartWrites(page)

  await context.setOffline(true)
  await expect(connection(page)).toContainText("You're offline")
  await page.getByRole('button', { name: `One more ${product.name}` }).click()
  await expect(quantityOf(page, product)).toHaveText('2')
  await expect(connection(page)).toContainText("You're offline — 1 change waiting")
  await expect(connection(page).getByRole('list', { name: 'Changes waiting' })).toContainText(`${product.name}: quantity 2`)
  await expect(connection(page)).toContainText('Saved on this device')
  // The shop has not heard of it.
  expect(await serverQuantity(page, product)).toBe(1)
  await page.close()

  await context.setOffline(false)
  const again = await context.newPage()
  await again.goto('/cart')
  await expect(quantityOf(again, product)).toHaveText('2')
  await expect(connection(again)).not.toContainText('waiting')
  expect(await serverQuantity(again, product)).toBe(2)
  // Once: the offline attempt never reached the shop, and the reopened tab sent it one time.
  await again.waitForLoadState('networkidle')
  expect(writes.filter((write) => write.startsWith('PUT'))).toEqual([`PUT /api/cart/lines/${product.productId} {"quantity":2}`])
})

test('an add made offline is sent once with its Idempotency-Key after the tab is reopened', async ({ page, context }) => {
  const product = await productWithStock(page.request, 11, 30)
  await page.goto(`/products/${product.slug}`)
  await waitForHydration(page)
  const keys: string[] = []
  context.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/cart/lines' && request.method() === 'POST') keys.push(request.headers()['idempotency-key'] ?? '')
  })

  await context.setOffline(true)
  await page.getByRole('button', { name: 'Add to cart' }).click()
  await expect(connection(page).getByRole('list', { name: 'Changes waiting' })).toContainText(`Add 1 × ${product.name}`)
  await expect(connection(page)).toContainText('Saved on this device')
  await page.close()

  await context.setOffline(false)
  const again = await context.newPage()
  await again.goto('/cart')
  await expect(quantityOf(again, product)).toHaveText('1')
  expect(await serverQuantity(again, product)).toBe(1)
  await again.waitForLoadState('networkidle')
  // Nothing left while offline; the reopened tab sent the add once, with its key.
  expect(keys).toHaveLength(1)
  expect(keys[0]).toMatch(/^[0-9a-f]{32}$/)
})

test('offline, pages already visited still open from the cache, and checkout says why it is closed', async ({ page, context }) => {
  const product = await productWithStock(page.request, 12, 30)
  await page.goto(`/products/${product.slug}`)
  await waitForHydration(page)
  await page.getByRole('button', { name: 'Add to cart' }).click()
  await expect(page.getByRole('banner').getByRole('link', { name: /^Cart:/ })).toContainText('Cart: 1 item')
  await page.getByRole('banner').getByRole('link', { name: /^Cart:/ }).click()
  await page.getByRole('link', { name: 'Check out' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Checkout' })).toBeVisible()
  await page.getByRole('link', { name: 'Edit cart' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Your cart' })).toBeVisible()

  await context.setOffline(true)
  await page.getByRole('link', { name: product.name }).click()
  await expect(page.getByRole('heading', { level: 1, name: product.name })).toBeVisible()
  await expect(connection(page)).toContainText("You're offline — pages you visited still work")
  await page.goBack()
  await page.getByRole('link', { name: 'Check out' }).click()
  await expect(page.getByRole('button', { name: 'Place order' })).toHaveAttribute('aria-disabled', 'true')
  await expect(page.getByText('Orders are placed only online, never queued')).toBeVisible()
  await context.setOffline(false)
  await expect(page.getByRole('button', { name: 'Place order' })).not.toHaveAttribute('aria-disabled')
})

test('when the stock service fails, the product page keeps the product and says the stock is being retried', async ({ page }) => {
  const product = await productWithStock(page.request, 13, 30)
  // The event stream is down too: polling, its fallback, is what meets the failing stock service.
  await page.route('**/api/events**', (route) => route.abort())
  await page.clock.install()
  await page.goto(`/products/${product.slug}`)
  await waitForHydration(page)
  await expect(page.getByText('30 available')).toBeVisible()
  let failed = 0
  await page.route('**/api/stock?**', (route) => {
    failed++
    return route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'INTERNAL_ERROR', message: 'Down' } }) })
  })

  // The next background check (every 30 s) fails.
  await page.clock.fastForward('00:31')
  await expect(page.getByText('stock unavailable, retrying')).toBeVisible()
  await expect(page.getByRole('heading', { level: 1, name: product.name })).toBeVisible()
  await expect(page.getByText('30 available')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Add to cart' })).toBeVisible()
  expect(failed).toBeGreaterThan(0)

  // The service comes back: the next retry confirms the number and the notice goes.
  await page.unroute('**/api/stock?**')
  await page.clock.fastForward('00:31')
  await expect(page.getByText('stock unavailable, retrying')).toHaveCount(0)
})

test('a change made offline the instant before the tab closes is not lost', async ({ page, context }) => {
  const [stepped, added] = [await productWithStock(page.request, 14, 30), await productWithStock(page.request, 15, 30)]
  expect((await page.request.post('/api/cart/lines', { data: { productId: stepped.productId, quantity: 1 } })).status()).toBe(200)
  await page.goto(`/products/${added.slug}`)
  await waitForHydration(page)
  await context.setOffline(true)
  await page.getByRole('button', { name: 'Add to cart' }).click()
  await page.close()

  await context.setOffline(false)
  const cart = await context.newPage()
  await cart.goto('/cart')
  await waitForHydration(cart)
  await context.setOffline(true)
  // Within the stepper's 300 ms: the burst is not sent yet when the tab goes.
  await cart.getByRole('button', { name: `One more ${stepped.name}` }).click()
  await cart.close()

  await context.setOffline(false)
  const again = await context.newPage()
  await again.goto('/cart')
  await expect(quantityOf(again, stepped)).toHaveText('2')
  await expect(quantityOf(again, added)).toHaveText('1')
  expect(await serverQuantity(again, stepped)).toBe(2)
  expect(await serverQuantity(again, added)).toBe(1)
})
