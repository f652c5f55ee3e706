import type { Locator, Page } from '@playwright/test'
import { expectNoAxeViolations, pageStates } from './accessibility'
import { expect, test } from './fixtures'
import { productWithStock, waitForHydration } from './support'

const PHONE = { width: 390, height: 844 }
test.use({ viewport: PHONE })

type Row = { productId: number; sku: string; stock: number; priceCents: number }

async function signIn(page: Page) {
  expect((await page.request.post('/api/admin/session', { data: { email: 'admin@cartwheel.test', password: 'cartwheel-admin' } })).status()).toBe(204)
}

/** The page scrolls only up and down: nothing on it is wider than the phone. */
async function expectNoSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.scrollingElement?.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
}

/** The element is on screen from edge to edge, not cut off at the side. */
async function expectWithinScreen(locator: Locator) {
  await expect(locator).toBeVisible()
  const box = await locator.boundingBox()
  expect(box?.x).toBeGreaterThanOrEqual(0)
  expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(PHONE.width)
}

async function expectInside(inner: Locator, outer: Locator) {
  const [box, within] = [await inner.boundingBox(), await outer.boundingBox()]
  if (!box || !within) throw new Error('not laid out')
  expect(box.y).toBeGreaterThanOrEqual(within.y)
  expect(box.y + box.height).toBeLessThanOrEqual(within.y + within.height + 0.5)
}

async function inventoryRow(request: Page['request'], sku: string) {
  const { items } = (await (await request.get(`/api/admin/inventory?q=${sku}`)).json()) as { items: Row[] }
  return items.find((row) => row.sku === sku)
}

test('on a phone, an admin reads a product’s row, edits its stock and price, restocks it and reads its history', async ({ page, request }) => {
  const product = await productWithStock(request, 70, 20)
  await signIn(page)
  await page.goto(`/admin/inventory?q=${product.sku}`)
  await waitForHydration(page)
  const row = page.getByRole('row').filter({ has: page.getByRole('textbox', { name: `Stock of ${product.name}` }) })
  await expect(page.getByRole('row')).toHaveCount(2)
  await expectNoSidewaysScroll(page)

  // Name, SKU, stock and price: each wholly on screen, inside its row.
  const stock = row.getByRole('textbox', { name: `Stock of ${product.name}` })
  const price = row.getByRole('textbox', { name: `Price of ${product.name} in dollars` })
  for (const cell of [row.getByText(product.name, { exact: true }), row.getByText(product.sku, { exact: true }), stock, price]) {
    await expectWithinScreen(cell)
    await expectInside(cell, row)
  }
  await expect(stock).toHaveValue('20')
  await expectInside(row.getByRole('status'), row)

  // One field, then the other, each saved with Enter before the next is typed.
  await stock.fill('26')
  await stock.press('Enter')
  await expect.poll(async () => inventoryRow(page.request, product.sku)).toMatchObject({ stock: 26 })
  await expect(row.getByText('Saving…')).toHaveCount(0)
  await price.fill('123.45')
  await price.press('Enter')
  await expect.poll(async () => inventoryRow(page.request, product.sku)).toMatchObject({ stock: 26, priceCents: 12345 })
  await expect(row.getByText('Saving…')).toHaveCount(0)

  await row.getByRole('button', { name: 'Restock' }).click()
  const dialog = page.getByRole('dialog', { name: `Restock ${product.name}` })
  await expectWithinScreen(dialog)
  await expectNoSidewaysScroll(page)
  await dialog.getByLabel('Change by').fill('4')
  await dialog.getByLabel('Reason').fill('Delivery to the shop floor')
  await dialog.getByRole('button', { name: 'Restock' }).click()
  await expect(dialog.getByRole('list', { name: 'Results' })).toContainText('now 30')
  await dialog.getByRole('button', { name: 'Done' }).click()
  await expect(stock).toHaveValue('30')

  await row.getByRole('button', { name: 'History' }).click()
  const history = page.getByRole('complementary', { name: `History of ${product.name}` })
  await expectWithinScreen(history)
  await expect(history.getByRole('listitem').first()).toContainText('+4 restock by admin@cartwheel.test')
  await expectNoSidewaysScroll(page)
})

test('on a phone, the inventory’s rows stack without overlapping, and each keeps its status line', async ({ page }) => {
  await signIn(page)
  await page.goto('/admin/inventory')
  await waitForHydration(page)
  await expectNoSidewaysScroll(page)
  const [first, second] = [page.getByRole('row').nth(1), page.getByRole('row').nth(2)]
  await expectInside(first.getByRole('button', { name: 'History' }), first)
  await expectInside(first.getByRole('status'), first)
  const [above, below] = [await first.boundingBox(), await second.boundingBox()]
  expect(below?.y).toBeGreaterThanOrEqual((above?.y ?? 0) + (above?.height ?? 0) - 0.5)
})

test('on a phone, the admin orders page reads without scrolling sideways', async ({ page, request }) => {
  const product = await productWithStock(request, 71, 20)
  expect((await page.request.post('/api/cart/lines', { data: { productId: product.productId, quantity: 1 } })).status()).toBe(200)
  const placed = await page.request.post('/api/checkout', {
    data: { email: 'a-very-long-address.for-a-phone-screen@example.com', name: 'Ada Lovelace', address: { line1: '12 St James’s Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' } },
    headers: { 'idempotency-key': crypto.randomUUID() },
  })
  expect(placed.status()).toBe(201)
  const { number } = (await placed.json()) as { number: string }
  await signIn(page)
  await page.goto('/admin/orders')
  await waitForHydration(page)
  const order = page.getByRole('listitem').filter({ hasText: `Order ${number}` })
  await expectWithinScreen(order)
  await expectWithinScreen(order.getByText('a-very-long-address.for-a-phone-screen@example.com', { exact: false }))
  await expectWithinScreen(order.getByRole('button', { name: 'Cancel…' }))
  await expectNoSidewaysScroll(page)
})

// The admin pages of the accessibility check (accessibility.ts), again at a phone's width.
for (const state of pageStates.filter((candidate) => candidate.admin)) {
  test(`on a phone, ${state.name}: no WCAG 2 A/AA violations`, async ({ page, request }) => {
    await state.open(page, request)
    await expectNoAxeViolations(page)
    await expectNoSidewaysScroll(page)
  })
}
