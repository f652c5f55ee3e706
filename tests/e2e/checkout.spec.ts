import { request as playwrightRequest, type APIRequestContext, type Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { holdRequests, productWithStock, recordApiRequests, setStock, stockOf, submitAdminSignIn, waitForHydration, type Product } from './support'


const details = {
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  address: { line1: '12 St James’s Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' },
}

async function fillDetails(page: Page) {
  await page.getByLabel('Email').fill(details.email)
  await page.getByLabel('Full name').fill(details.name)
  await page.getByLabel('Street address').fill(details.address.line1)
  await page.getByLabel('Town or city').fill(details.address.city)
  await page.getByLabel('Postal code').fill(details.address.postalCode)
  await page.getByLabel('Country').selectOption(details.address.country)
}

const badge = (page: Page) => page.getByRole('banner').getByRole('link', { name: /^Cart:/ })

async function openCheckoutWith(page: Page, lines: Array<[Product, number]>) {
  for (const [product, quantity] of lines) {
    expect((await page.request.post('/api/cart/lines', { data: { productId: product.productId, quantity } })).status()).toBe(200)
  }
  await page.goto('/checkout')
  await waitForHydration(page)
}

test('browse → add → checkout → confirmation → orders; the product page then shows the lower stock without a reload', async ({ page, request }) => {
  const product = await productWithStock(request, 1, 30)
  await page.goto(`/products/${product.slug}`)
  await waitForHydration(page)
  await expect(page.getByText('30 available')).toBeVisible()
  // Survives only as long as the document does: a reload would drop it.
  await page.evaluate(() => Object.assign(window, { sameDocument: true }))

  await page.getByRole('button', { name: 'One more' }).click()
  await page.getByRole('button', { name: 'Add to cart' }).click()
  await expect(badge(page)).toContainText('Cart: 2 items')

  await badge(page).click()
  await page.getByRole('link', { name: 'Check out' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Checkout' })).toBeVisible()
  await expect(page.getByRole('list', { name: 'Items to order' })).toContainText(`${product.name} × 2`)
  await fillDetails(page)
  await page.getByRole('button', { name: 'Place order' }).click()

  await expect(page.getByRole('heading', { level: 1, name: `Thank you, ${details.name}` })).toBeVisible()
  const number = await page.locator('strong.font-mono').textContent()
  expect(number).toMatch(/^CW-[0-9A-Z]{4}-[0-9A-Z]{4}$/)
  await expect(page.getByRole('list', { name: 'Ordered items' })).toContainText(product.name)
  await expect(badge(page)).toContainText('Cart: 0 items')

  // Back through the history to the product page, seconds after it showed 30: its stock entry would
  // still be fresh, so only the cascade's invalidation makes the page ask again.
  await page.goBack()
  await page.goBack()
  await page.goBack()
  await expect(page.getByRole('heading', { level: 1, name: product.name })).toBeVisible()
  await expect(page.getByText('28 available')).toBeVisible()
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true)

  await page.getByRole('banner').getByRole('link', { name: 'Orders' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Your orders' })).toBeVisible()
  await expect(page.getByRole('list', { name: 'Orders' }).getByRole('link').first()).toContainText(`Order ${number}`)
  expect(await stockOf(request, product.productId)).toBe(28)
})

test('missing details are named field by field, focus goes to the first, and nothing is sent', async ({ page, request }) => {
  const product = await productWithStock(request, 2, 30)
  await openCheckoutWith(page, [[product, 1]])
  const api = recordApiRequests(page)
  await page.getByLabel('Email').fill('not-an-email')
  await page.getByRole('button', { name: 'Place order' }).click()

  await expect(page.getByText('Enter an email address like name@example.com')).toBeVisible()
  await expect(page.getByText('Enter your full name')).toBeVisible()
  await expect(page.getByText('Enter the postal code')).toBeVisible()
  await expect(page.getByLabel('Email')).toBeFocused()
  await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true')
  // Fixing a field clears its message at once.
  await page.getByLabel('Email').fill(details.email)
  await expect(page.getByText('Enter an email address like name@example.com')).toHaveCount(0)
  expect(api.requests.filter((line) => line.startsWith('POST /api/checkout'))).toEqual([])
})

/** The short line shows "only 1 available": the shopper takes the one left and the order goes through, emptying the stock. */
async function orderTheOneLeft(page: Page, request: APIRequestContext, product: Product) {
  const short = page.getByRole('region', { name: /no longer available/ })
  await short.getByRole('button', { name: 'Set to 1 available' }).click()
  await expect(short).toHaveCount(0)
  await expect(page.getByRole('list', { name: 'Items to order' })).toContainText(`${product.name} × 1`)
  await page.getByRole('button', { name: 'Place order' }).click()
  await expect(page.getByRole('heading', { level: 1, name: `Thank you, ${details.name}` })).toBeVisible()
  expect(await stockOf(request, product.productId)).toBe(0)
}

test('a line that runs short while the checkout is open shows at once, with "set to N available", and the order then goes through', async ({ page, request }) => {
  const product = await productWithStock(request, 3, 30)
  await openCheckoutWith(page, [[product, 3]])
  await fillDetails(page)
  await setStock(request, product.productId, 1)

  // The stock event reaches the open page: the shortage shows before the shopper presses anything.
  const short = page.getByRole('region', { name: /no longer available/ })
  await expect(short).toContainText(`${product.name}: only 1 available (you asked for 3)`)
  await expect(page.getByRole('button', { name: 'Place order' })).toHaveAttribute('aria-disabled', 'true')

  await orderTheOneLeft(page, request, product)
})

test('a line that ran short unseen (no live events): the refusal shows it with "set to N available", and the order then goes through', async ({ page, request }) => {
  const product = await productWithStock(request, 8, 30)
  // Without the event stream, the page learns of the shortage only from the checkout's refusal.
  await page.route('**/api/events**', (route) => route.abort())
  await openCheckoutWith(page, [[product, 3]])
  await setStock(request, product.productId, 1)
  await fillDetails(page)
  await page.getByRole('button', { name: 'Place order' }).click()

  const short = page.getByRole('region', { name: /no longer available/ })
  await expect(short).toContainText(`${product.name}: only 1 available (you asked for 3)`)
  await expect(page.getByRole('form', { name: 'Contact and delivery' }).getByRole('alert')).toContainText('Some items ran short')
  await expect(page.getByRole('button', { name: 'Place order' })).toHaveAttribute('aria-disabled', 'true')

  await orderTheOneLeft(page, request, product)
})

test('pressing "Place order" twice at once, with a slow API, places one order', async ({ page, request }) => {
  const product = await productWithStock(request, 4, 30)
  await openCheckoutWith(page, [[product, 2]])
  const checkouts = await holdRequests(page, '**/api/checkout')
  await fillDetails(page)
  await page.evaluate(() => {
    const button = [...document.querySelectorAll('button')].find((element) => element.textContent === 'Place order')
    button?.click()
    button?.click()
  })
  // The first press's request is held on its way: the second press came while it was unanswered.
  await expect.poll(() => checkouts.arrived.length).toBeGreaterThan(0)
  checkouts.release()
  await expect(page.getByRole('heading', { level: 1, name: `Thank you, ${details.name}` })).toBeVisible()

  expect(new Set(checkouts.arrived.map((sent) => sent.headers()['idempotency-key'])).size).toBe(1)
  const orders = (await (await page.request.get('/api/orders')).json()) as { items: Array<{ lines: Array<{ productId: number }> }> }
  expect(orders.items.filter((order) => order.lines.some((line) => line.productId === product.productId))).toHaveLength(1)
  expect(await stockOf(request, product.productId)).toBe(28)
})

test('an empty cart at checkout says so and offers a way on', async ({ page }) => {
  await page.goto('/checkout')
  await expect(page.getByRole('heading', { level: 1, name: 'Your cart is empty' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Browse products' })).toBeVisible()
})

test('another browser’s order, or none at all, is “not found”', async ({ page, request }) => {
  const product = await productWithStock(request, 5, 30)
  await openCheckoutWith(page, [[product, 1]])
  await fillDetails(page)
  await page.getByRole('button', { name: 'Place order' }).click()
  await expect(page.getByRole('heading', { level: 1, name: `Thank you, ${details.name}` })).toBeVisible()
  const orderPath = new URL(page.url()).pathname.replace('/checkout/confirmation/', '/orders/')

  expect((await page.request.get(orderPath)).status()).toBe(200)
  const stranger = await playwrightRequest.newContext({ baseURL: new URL(page.url()).origin })
  expect((await stranger.get(orderPath)).status()).toBe(404)
  expect((await stranger.get('/orders/abc')).status()).toBe(404)
  await stranger.dispose()
})

test.describe('over HTTP, against the production server', () => {
  /** A browser of its own (its own cookie jar) with one unit of the product in its cart. */
  async function shopperWithCart(baseURL: string, productId: number) {
    const shopper = await playwrightRequest.newContext({ baseURL })
    expect((await shopper.post('/api/cart/lines', { data: { productId, quantity: 1 } })).status()).toBe(200)
    return shopper
  }

  const checkout = (shopper: APIRequestContext, key: string, body: unknown = details) =>
    shopper.post('/api/checkout', { data: body, headers: { 'idempotency-key': key } })

  test('120 shoppers race for 25 units: exactly 25 orders, stock 0, no 5xx', async ({ request, baseURL }) => {
    test.setTimeout(90_000)
    const product = await productWithStock(request, 6, 500)
    const shoppers = await Promise.all(Array.from({ length: 120 }, () => shopperWithCart(baseURL as string, product.productId)))
    await setStock(request, product.productId, 25)

    const statuses = await Promise.all(shoppers.map(async (shopper, index) => (await checkout(shopper, `race-${index}-${Date.now()}`)).status()))

    expect(statuses.filter((status) => status === 201)).toHaveLength(25)
    expect(statuses.filter((status) => status === 409)).toHaveLength(95)
    expect(statuses.filter((status) => status >= 500)).toEqual([])
    expect(await stockOf(request, product.productId)).toBe(0)
    const movements = (await (await request.get(`/api/admin/stock-movements?productId=${product.productId}`)).json()) as { items: Array<{ delta: number; reason: string }> }
    const sales = movements.items.filter((movement) => movement.reason === 'sale')
    expect(sales.reduce((sum, movement) => sum + movement.delta, 0)).toBe(-25)
    await Promise.all(shoppers.map((shopper) => shopper.dispose()))
  })

  test('20 concurrent requests with one key: one order, one decrement; another body → 422; empty cart → 400; no key → 400', async ({ request, baseURL }) => {
    const product = await productWithStock(request, 7, 40)
    const shopper = await shopperWithCart(baseURL as string, product.productId)
    const key = `same-key-${Date.now()}`

    const responses = await Promise.all(Array.from({ length: 20 }, () => checkout(shopper, key)))
    expect(responses.map((response) => response.status())).toEqual(Array(20).fill(201))
    const ids = new Set(await Promise.all(responses.map(async (response) => ((await response.json()) as { id: number }).id)))
    expect(ids.size).toBe(1)
    expect(await stockOf(request, product.productId)).toBe(39)

    const reused = await checkout(shopper, key, { ...details, name: 'Someone Else' })
    expect(reused.status()).toBe(422)
    expect(await reused.json()).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REUSED' } })

    const empty = await checkout(shopper, `${key}-next`)
    expect(empty.status()).toBe(400)
    expect(await empty.json()).toMatchObject({ error: { code: 'CART_EMPTY' } })

    expect((await shopper.post('/api/cart/lines', { data: { productId: product.productId, quantity: 1 } })).status()).toBe(200)
    const keyless = await shopper.post('/api/checkout', { data: details })
    expect(keyless.status()).toBe(400)
    expect(await keyless.json()).toMatchObject({ error: { code: 'VALIDATION_ERROR', details: [{ path: 'Idempotency-Key' }] } })
    expect(await stockOf(request, product.productId)).toBe(39)
    await shopper.dispose()
  })
})

test('an admin cancels an order: the stock returns, and the shopper sees the order cancelled', async ({ page, browser, request }) => {
  const product = await productWithStock(request, 30, 20)
  const shopper = await browser.newContext()
  const shopperApi = shopper.request
  expect((await shopperApi.post('/api/cart/lines', { data: { productId: product.productId, quantity: 3 } })).status()).toBe(200)
  const placed = await shopperApi.post('/api/checkout', { data: details, headers: { 'idempotency-key': crypto.randomUUID() } })
  expect(placed.status()).toBe(201)
  const { number } = (await placed.json()) as { number: string }
  expect(await stockOf(request, product.productId)).toBe(17)

  await page.goto('/admin/login?redirect=%2Fadmin%2Forders')
  await submitAdminSignIn(page)
  await expect(page.getByRole('heading', { level: 1, name: 'Orders' })).toBeVisible()
  const row = page.getByRole('listitem').filter({ hasText: `Order ${number}` })
  await row.getByRole('button', { name: 'Cancel…' }).click()
  await row.getByRole('button', { name: `Cancel order ${number}` }).click()
  await expect(row).toContainText('Cancelled')
  expect(await stockOf(request, product.productId)).toBe(20)

  const shopperPage = await shopper.newPage()
  await shopperPage.goto(`/orders/${number}`)
  await expect(shopperPage.getByText(/Cancelled/)).toBeVisible()
  await shopper.close()
})
