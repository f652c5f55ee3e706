import type { APIRequestContext, Browser, Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { submitAdminSignIn, waitForHydration } from './support'

type Row = { productId: number; sku: string; name: string; stock: number; priceCents: number; version: number }

async function signIn(page: Page) {
  await page.goto('/admin/login')
  await submitAdminSignIn(page)
  await expect(page.getByRole('heading', { level: 1, name: 'Inventory' })).toBeVisible()
}

/** A product no other test touches: found through the API as an admin. */
async function productBySku(request: APIRequestContext, offset: number) {
  const signedIn = await request.post('/api/admin/session', { data: { email: 'admin@cartwheel.test', password: 'cartwheel-admin' } })
  expect(signedIn.status()).toBe(204)
  const response = await request.get(`/api/admin/inventory?sort=name&order=desc&pageSize=1&page=${offset}`)
  const { items } = (await response.json()) as { items: Row[] }
  const row = items[0]
  if (!row) throw new Error('no product')
  const product = (await (await request.get(`/api/products?q=${encodeURIComponent(row.name)}&pageSize=100`)).json()) as { items: Array<{ id: number; slug: string }> }
  const slug = product.items.find((item) => item.id === row.productId)?.slug
  if (!slug) throw new Error('no slug')
  return { ...row, slug }
}

async function openRow(page: Page, sku: string) {
  await page.getByLabel('Search name or SKU').fill(sku)
  await expect(page.getByRole('row')).toHaveCount(2)
}

/** Types a stock into the product's row, saves with Enter, and waits until the save is over. */
async function saveStock(page: Page, product: Row, stock: number) {
  const input = page.getByRole('textbox', { name: `Stock of ${product.name}` })
  await input.fill(String(stock))
  await input.press('Enter')
  await expect(page.getByText('Saving…')).toHaveCount(0)
  return input
}

test('the console sends a visitor without a session to sign in, then back where they were going', async ({ page }) => {
  await page.goto('/admin/inventory?sort=stock')
  await expect(page).toHaveURL(/\/admin\/login\?redirect=/)
  await submitAdminSignIn(page)
  await expect(page).toHaveURL(/\/admin\/inventory\?sort=stock/)
  await expect(page.getByRole('table', { name: 'Inventory' })).toBeVisible()
})

test('a wrong password says so, and nothing opens', async ({ page }) => {
  await page.goto('/admin/login')
  await submitAdminSignIn(page, 'not-the-password')
  await expect(page.getByRole('alert').filter({ hasText: 'not right' })).toHaveText('The email or password is not right')
  await expect(page).toHaveURL(/\/admin\/login/)
})

test('a stock change in the console reaches a storefront tab already open on the product, without a reload', async ({ context, request }) => {
  const product = await productBySku(request, 1)
  const storefront = await context.newPage()
  await storefront.clock.install()
  await storefront.goto(`/products/${product.slug}`)
  await waitForHydration(storefront)
  await expect(storefront.getByText(`${product.stock.toLocaleString('en-US')} available`)).toBeVisible()

  const admin = await context.newPage()
  await signIn(admin)
  await openRow(admin, product.sku)
  const stock = await saveStock(admin, product, product.stock + 17)
  await expect(stock).toHaveValue(String(product.stock + 17))

  // The open product page polls its stock every 30 s while visible (the volatile tier).
  await storefront.clock.fastForward('00:31')
  await expect(storefront.getByText(`${(product.stock + 17).toLocaleString('en-US')} available`)).toBeVisible()
})

test('in the same tab, the storefront shows a stock change made in the console', async ({ page, request }) => {
  const product = await productBySku(request, 3)
  await signIn(page)
  await openRow(page, product.sku)
  await saveStock(page, product, product.stock + 5)
  // In-app navigation: the storefront reads caches the admin's answer has already written.
  await page.getByRole('search').getByRole('searchbox').fill(product.name)
  await page.getByRole('search').getByRole('searchbox').press('Enter')
  await page.getByRole('link', { name: new RegExp(product.name) }).first().click()
  await expect(page.getByRole('heading', { level: 1, name: product.name })).toBeVisible()
  await expect(page.getByText(`${(product.stock + 5).toLocaleString('en-US')} available`)).toBeVisible()
})

async function consoleIn(browser: Browser) {
  const context = await browser.newContext()
  const page = await context.newPage()
  await signIn(page)
  return { context, page }
}

test('two admins edit one product: the second save gets the conflict, sees the first’s value, and keeps their own on purpose', async ({ browser, request }) => {
  const product = await productBySku(request, 2)
  const first = await consoleIn(browser)
  const second = await consoleIn(browser)
  await openRow(first.page, product.sku)
  await openRow(second.page, product.sku)

  // The second admin is typing when the first saves.
  const secondStock = second.page.getByRole('textbox', { name: `Stock of ${product.name}` })
  await secondStock.fill('22')
  await saveStock(first.page, product, 11)

  // The first save reaches the second console live, and leaves the draft alone.
  await expect(second.page.getByText('Changed on server to stock 11')).toBeVisible()
  await expect(secondStock).toHaveValue('22')
  await secondStock.press('Enter')
  const conflict = second.page.getByRole('status').filter({ hasText: 'Someone else saved' })
  await expect(conflict).toContainText('Theirs: stock 11')
  await expect(conflict).toContainText('Yours: stock 22')

  await conflict.getByRole('button', { name: 'Keep mine' }).click()
  await expect(conflict).toHaveCount(0)
  const saved = (await (await request.get(`/api/admin/inventory?q=${product.sku}`)).json()) as { items: Row[] }
  expect(saved.items[0]).toMatchObject({ stock: 22, version: product.version + 2 })
  await first.context.close()
  await second.context.close()
})
