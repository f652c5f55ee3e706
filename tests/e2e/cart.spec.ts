import type { APIRequestContext, Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { holdRequests, recordApiRequests, waitForHydration } from './support'

type Product = { id: number; slug: string; name: string; priceCents: number; stock: number; category: { slug: string } }

const money = (cents: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(cents / 100)

/** Products with plenty of stock, so other tests' purchases never get in the way. */
async function wellStockedProducts(request: APIRequestContext, count: number) {
  const response = await request.get('/api/products?sort=name&inStock=true&pageSize=100')
  const { items } = (await response.json()) as { items: Product[] }
  const chosen = items.filter((item) => item.stock >= 20).slice(0, count)
  expect(chosen).toHaveLength(count)
  return chosen
}

async function wellStockedProduct(request: APIRequestContext) {
  const [product] = await wellStockedProducts(request, 1)
  if (!product) throw new Error('no product')
  return product
}

/** Puts products in this browser's cart through the API, as an earlier visit would have, and opens the cart page. */
async function openCartWith(page: Page, lines: Array<[Product, number]>) {
  for (const [product, quantity] of lines) {
    const response = await page.request.post('/api/cart/lines', { data: { productId: product.id, quantity } })
    expect(response.status()).toBe(200)
  }
  await page.goto('/cart')
  await waitForHydration(page)
}

/** The quantity stepper's quiet time before it sends (STEPPER_DEBOUNCE_MS). */
const STEPPER_DEBOUNCE_MS = 300

const badge = (page: Page) => page.getByRole('banner').getByRole('link', { name: /^Cart:/ })
const quantityOf = (page: Page, product: Product) => page.locator('output', { hasText: /\d/ }).and(page.getByLabel(`Quantity of ${product.name}`))
const summary = (page: Page) => page.getByRole('complementary', { name: 'Order summary' })

test('a shopper adds from a product card and sees it in the cart', async ({ page, request }) => {
  const product = await wellStockedProduct(request)
  await page.goto(`/search?q=${encodeURIComponent(product.name)}`)
  await waitForHydration(page)
  await page.getByRole('button', { name: `Add to cart: ${product.name}` }).first().click()
  await expect(badge(page)).toContainText('Cart: 1 item')

  await badge(page).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Your cart' })).toBeVisible()
  await expect(page.getByRole('link', { name: product.name })).toBeVisible()
  await expect(quantityOf(page, product)).toHaveText('1')
})

test('a shopper picks a quantity on the product page and adds it', async ({ page, request }) => {
  const product = await wellStockedProduct(request)
  await page.goto(`/products/${product.slug}`)
  await waitForHydration(page)
  await page.getByRole('button', { name: 'One more' }).click()
  await page.getByRole('button', { name: 'One more' }).click()
  await expect(page.getByLabel('Quantity', { exact: true })).toHaveValue('3')
  await page.getByRole('button', { name: 'Add to cart' }).click()

  await expect(badge(page)).toContainText('Cart: 3 items')
  await expect(badge(page)).toContainText(money(3 * product.priceCents))
  await expect(page.getByRole('status').filter({ hasText: '3 in your cart' })).toBeVisible()
})

test('the cart page changes a quantity, removes a line, and a reload shows the same cart without a flash', async ({ page, request }) => {
  const [desk, lamp] = await wellStockedProducts(request, 2)
  if (!desk || !lamp) throw new Error('no products')
  await openCartWith(page, [
    [desk, 1],
    [lamp, 2],
  ])

  const saved = page.waitForResponse((response) => response.request().method() === 'PUT')
  await page.getByRole('button', { name: `One more ${desk.name}` }).click()
  await expect(quantityOf(page, desk)).toHaveText('2')
  const removed = page.waitForResponse((response) => response.request().method() === 'DELETE')
  await page.getByRole('button', { name: `Remove ${lamp.name}` }).click()
  await expect(page.getByRole('link', { name: lamp.name })).toHaveCount(0)
  await expect(summary(page)).toContainText(money(2 * desk.priceCents))
  expect((await saved).status()).toBe(200)
  expect((await removed).status()).toBe(200)

  // The server renders the cart from the cookie: the HTML already has the lines, before any script,
  // and says that no shared cache may keep it.
  const cartPage = await page.request.get('/cart')
  expect(cartPage.headers()['cache-control']).toBe('private, no-cache')
  expect(cartPage.headers()['vary']).toMatch(/cookie/i)
  const html = await cartPage.text()
  expect(html).toContain(desk.name)
  expect(html).not.toContain(lamp.name)
  await page.reload()
  await expect(quantityOf(page, desk)).toHaveText('2')
  await expect(page.getByRole('link', { name: lamp.name })).toHaveCount(0)
  await expect(badge(page)).toContainText('Cart: 2 items')
})

test('the quantity and totals change before the server answers', async ({ page, request }) => {
  const desk = await wellStockedProduct(request)
  await openCartWith(page, [[desk, 1]])
  const cartWrites = await holdRequests(page, '**/api/cart/**')

  await page.getByRole('button', { name: `One more ${desk.name}` }).click()
  // All of it while the change is held back from the server.
  await expect(quantityOf(page, desk)).toHaveText('2')
  await expect(summary(page)).toContainText(money(2 * desk.priceCents))
  await expect(badge(page)).toContainText('Cart: 2 items')
  expect(((await (await page.request.get('/api/cart')).json()) as { itemCount: number }).itemCount).toBe(1)

  const put = page.waitForResponse((response) => response.request().method() === 'PUT')
  cartWrites.release()
  expect((await put).status()).toBe(200)
  await expect(quantityOf(page, desk)).toHaveText('2')
})

test('a refused change rolls back and a message names the product', async ({ page, request }) => {
  const desk = await wellStockedProduct(request)
  await openCartWith(page, [[desk, 2]])
  const refusals = await holdRequests(page, '**/api/cart/lines/*', {
    answer: (route) =>
      route.fulfill({
        status: 409,
        json: { error: { code: 'INSUFFICIENT_STOCK', message: `Only 2 left of ${desk.name}`, details: { productId: desk.id, requested: 3, available: 2 } } },
      }),
  })

  await page.getByRole('button', { name: `One more ${desk.name}` }).click()
  await expect(quantityOf(page, desk)).toHaveText('3')
  refusals.release()
  await expect(page.getByRole('alert')).toHaveText(new RegExp(`Only 2 left of ${desk.name} — your cart now holds 2`))
  await expect(quantityOf(page, desk)).toHaveText('2')
  await expect(summary(page)).toContainText(money(2 * desk.priceCents))
})

test('five quick clicks on “+” send exactly one PUT, with the final quantity', async ({ page, request }) => {
  const desk = await wellStockedProduct(request)
  await page.clock.install()
  await openCartWith(page, [[desk, 1]])
  const writes: string[] = []
  page.on('request', (sent) => {
    if (sent.url().includes('/api/cart/') && sent.method() !== 'GET') writes.push(`${sent.method()} ${sent.postData()}`)
  })

  // The page's clock stands still while the shopper clicks: however slowly the clicks arrive, they are one burst.
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 5_000)
  const more = page.getByRole('button', { name: `One more ${desk.name}` })
  for (let click = 0; click < 5; click++) await more.click()
  await page.clock.runFor(STEPPER_DEBOUNCE_MS - 100)
  await expect(quantityOf(page, desk)).toHaveText('6')

  const answered = page.waitForResponse((response) => response.request().method() === 'PUT')
  await page.clock.runFor(100)
  await answered
  // Every timer the burst could have left has fired; whatever else it sent is recorded after settle().
  await page.clock.runFor(STEPPER_DEBOUNCE_MS * 3)
  await page.clock.resume()
  await recordApiRequests(page).settle()
  expect(writes).toEqual(['PUT {"quantity":6}'])
  await expect(summary(page)).toContainText(money(6 * desk.priceCents))
})

test('a change still waiting to be sent is sent when the shopper reloads at once', async ({ page, request }) => {
  const desk = await wellStockedProduct(request)
  await openCartWith(page, [[desk, 1]])

  const more = page.getByRole('button', { name: `One more ${desk.name}` })
  for (let click = 0; click < 4; click++) await more.click()
  await page.reload()
  await expect
    .poll(async () => ((await (await page.request.get('/api/cart')).json()) as { itemCount: number }).itemCount)
    .toBe(5)
  // The page that loaded may have been rendered before the change arrived; it catches up by itself.
  await expect(quantityOf(page, desk)).toHaveText('5')
  await expect(badge(page)).toContainText('Cart: 5 items')
})

test('a new shopper adding two products quickly, with a slow API, ends with both in one cart', async ({ page, request }) => {
  const response = await request.get('/api/products?sort=name&inStock=true&pageSize=24')
  const { items } = (await response.json()) as { items: Product[] }
  const [desk, lamp] = items.filter((item) => item.stock >= 20)
  if (!desk || !lamp) throw new Error('no products')
  await page.goto('/search?sort=name&inStock=true')
  await waitForHydration(page)
  // The request goes out at once (with the cookies of that moment); its answer is held back.
  const answers = await holdRequests(page, '**/api/cart/**', { stage: 'answers' })
  const answered: number[] = []
  page.on('response', (response) => {
    if (response.request().method() === 'POST') answered.push(response.status())
  })
  // Both clicks in one task, so no answer (and no cookie) can arrive between them.
  await page.evaluate((labels) => {
    for (const label of labels) document.querySelector<HTMLButtonElement>(`button[aria-label="${label}"]`)?.click()
  }, [`Add to cart: ${desk.name}`, `Add to cart: ${lamp.name}`])
  await expect(badge(page)).toContainText('Cart: 2 items')
  await expect(page.getByText('✓ 1 in cart')).toHaveCount(2)
  answers.release()
  await expect.poll(() => answered).toEqual([200, 200])
  await page.unroute('**/api/cart/**')

  await page.reload()
  await expect(badge(page)).toContainText('Cart: 2 items')
})

test('a keyboard-only shopper changes a quantity and removes a line without losing focus', async ({ page, request }) => {
  const [desk, lamp] = await wellStockedProducts(request, 2)
  if (!desk || !lamp) throw new Error('no products')
  await openCartWith(page, [
    [desk, 1],
    [lamp, 1],
  ])
  await page.getByRole('button', { name: `One more ${desk.name}` }).focus()
  await page.keyboard.press('Enter')
  await page.keyboard.press('Enter')
  await expect(quantityOf(page, desk)).toHaveText('3')
  await page.keyboard.press('Shift+Tab')
  await expect(page.getByRole('button', { name: `One fewer ${desk.name}` })).toBeFocused()
  for (let press = 0; press < 3; press++) await page.keyboard.press('Enter')
  // At 1 the button turns off but keeps focus.
  await expect(quantityOf(page, desk)).toHaveText('1')
  await expect(page.getByRole('button', { name: `One fewer ${desk.name}` })).toBeFocused()

  await page.getByRole('button', { name: `Remove ${lamp.name}` }).focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('link', { name: lamp.name })).toHaveCount(0)
  await expect(page.getByLabel('Cart contents')).toBeFocused()
})

test('cart writes from another site are refused', async ({ request }) => {
  const response = await request.post('/api/cart/lines', {
    data: { productId: 1, quantity: 1 },
    headers: { origin: 'https://elsewhere.example', 'sec-fetch-site': 'cross-site' },
  })
  expect(response.status()).toBe(403)
  expect(await response.json()).toMatchObject({ error: { code: 'FORBIDDEN' } })
})
