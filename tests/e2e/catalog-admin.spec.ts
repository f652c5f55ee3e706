import type { APIRequestContext, Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { productWithStock, recordApiRequests, submitAdminSignIn, waitForHydration, type Product } from './support'

// Generous: a busy CI machine must not fail these. Latency is measured by `npm run bench`.
const ARRIVES = { timeout: 10_000 }

async function signIn(page: Page) {
  await page.goto('/admin/login')
  await submitAdminSignIn(page)
  await expect(page.getByRole('heading', { level: 1, name: 'Inventory' })).toBeVisible()
}

async function categoryOf(request: APIRequestContext, product: Product) {
  const found = (await (await request.get(`/api/products?q=${encodeURIComponent(product.name)}&pageSize=100`)).json()) as { items: Array<{ id: number; category: { slug: string } }> }
  const slug = found.items.find((item) => item.id === product.productId)?.category.slug
  if (!slug) throw new Error('no category')
  return slug
}

async function openEditor(page: Page, product: Product) {
  await page.goto(`/admin/products/${product.productId}`)
  await waitForHydration(page)
  await expect(page.getByRole('heading', { level: 1, name: product.name })).toBeVisible()
}

test('an admin renames a product while a shopper has its category open: the card shows the new name, with no request from the shopper', async ({ page, browser, request, openPage }) => {
  const product = await productWithStock(request, 50, 7)
  const category = await categoryOf(request, product)
  const shopperContext = await browser.newContext()
  const shopper = await openPage(shopperContext)
  await shopper.goto(`/categories/${category}?sort=name&q=${encodeURIComponent(product.name)}`)
  await waitForHydration(shopper)
  await expect(shopper.getByRole('heading', { name: product.name, exact: true })).toBeVisible()
  const recorded = recordApiRequests(shopper)

  await signIn(page)
  await openEditor(page, product)
  const renamed = `${product.name} Deluxe`
  await page.getByLabel('Name').fill(renamed)
  await page.getByRole('button', { name: 'Save changes' }).click()
  await expect(page.getByText('Saved.')).toBeVisible()

  await expect(shopper.getByRole('heading', { name: renamed, exact: true })).toBeVisible(ARRIVES)
  await recorded.settle()
  expect(recorded.requests).toEqual([])
  await shopperContext.close()
})

test('an admin creates a product: the form names each bad field, then the product is on sale and found by search', async ({ page }) => {
  await signIn(page)
  await page.getByRole('link', { name: 'New product' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'New product' })).toBeVisible()
  await waitForHydration(page)
  await page.getByRole('button', { name: 'Create product' }).click()
  await expect(page.getByText('Name cannot be empty')).toBeVisible()
  await expect(page.getByText('Give the price in dollars, like 12.50')).toBeVisible()
  await expect(page.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true')

  const name = `Aaa Cedar Test Lamp ${Date.now()}`
  await page.getByLabel('Name').fill(name)
  await page.getByLabel('SKU').fill(`tst-${Date.now()}`)
  await page.getByLabel('Category').selectOption({ label: 'Lighting' })
  await page.getByLabel('Price in dollars').fill('1.25')
  await page.getByLabel('Stock').fill('4')
  await page.getByLabel('Description').fill('A small lamp made for this test.')
  await page.getByRole('button', { name: 'Create product' }).click()

  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
  await expect(page.getByRole('region', { name: 'Changes' }).getByText('Created in Lighting at $1.25')).toBeVisible()
  const search = await page.request.get(`/api/products?q=${encodeURIComponent(name)}`)
  expect(((await search.json()) as { items: Array<{ name: string }> }).items.map((item) => item.name)).toEqual([name])
})

test('an admin takes a product off sale and back: search loses it and finds it again', async ({ page, request }) => {
  const product = await productWithStock(request, 51, 3)
  const found = async () => ((await (await request.get(`/api/products?q=${encodeURIComponent(product.name)}&pageSize=100`)).json()) as { items: Array<{ id: number }> }).items.some((item) => item.id === product.productId)
  expect(await found()).toBe(true)
  await signIn(page)
  await openEditor(page, product)

  await page.getByRole('button', { name: 'Take off sale' }).click()
  await expect(page.getByText('Taken off sale.')).toBeVisible()
  await expect(page.getByRole('heading', { level: 2, name: 'Off sale' })).toBeVisible()
  expect(await found()).toBe(false)

  await page.getByRole('button', { name: 'Put back on sale' }).click()
  await expect(page.getByText('Back on sale.')).toBeVisible()
  expect(await found()).toBe(true)
})

test('two admins edit one product: the second sees her change beside theirs, keeps it, and theirs stays', async ({ page, browser, request, openPage }) => {
  const product = await productWithStock(request, 52, 6)
  await signIn(page)
  await openEditor(page, product)
  // The other admin's page has loaded the same version; it never hears of the first save before its own.
  const otherContext = await browser.newContext()
  const other = await openPage(otherContext)
  await other.route('**/api/events**', (route) => route.abort())
  await signIn(other)
  await openEditor(other, product)

  const renamed = `${product.name} Mark II`
  await page.getByLabel('Name').fill(renamed)
  await page.getByLabel('Price in dollars').fill('19.00')
  await page.getByRole('button', { name: 'Save changes' }).click()
  await expect(page.getByText('Saved.')).toBeVisible()

  await other.getByLabel('Price in dollars').fill('21.00')
  await other.getByRole('button', { name: 'Save changes' }).click()
  const conflict = other.getByRole('alert').filter({ hasText: 'Someone else saved this product first' })
  await expect(conflict).toBeVisible()
  await expect(conflict).toContainText('they also changed name')
  await expect(conflict.getByRole('row', { name: /Price/ })).toContainText('21.00')
  await expect(conflict.getByRole('row', { name: /Price/ })).toContainText('19.00')
  // The field she did not touch now shows theirs.
  await expect(other.getByLabel('Name')).toHaveValue(renamed)
  await conflict.getByRole('button', { name: 'Keep mine' }).click()
  await expect(other.getByText('Saved.')).toBeVisible()
  const now = (await (await request.get(`/api/admin/catalog/products/${product.productId}`)).json()) as { priceCents: number; name: string }
  expect(now).toMatchObject({ priceCents: 2_100, name: renamed })
  await otherContext.close()
})

test('an admin creates a category with its own web address and renames it; the shop’s menu shows the new name', async ({ page }) => {
  await signIn(page)
  await page.goto('/admin/categories')
  await waitForHydration(page)
  const stamp = Date.now()
  await page.getByLabel('New category').fill(`Кухня ${stamp}`.replace(/\d/g, ''))
  await page.getByRole('button', { name: 'Create' }).click()
  await expect(page.getByText('Give it a web address: the name has no Latin letters or digits to make one from')).toBeVisible()
  await page.getByLabel('New category').fill(`Кухня ${stamp}`)
  await page.getByLabel('Web address (optional)').fill(`kukhnya-${stamp}`)
  await page.getByRole('button', { name: 'Create' }).click()
  await expect(page.getByText(`Created Кухня ${stamp} at /categories/kukhnya-${stamp}.`)).toBeVisible()

  const row = page.getByRole('listitem').filter({ hasText: `/categories/kukhnya-${stamp}` })
  await expect(row).toBeVisible()
  await row.getByRole('textbox').fill(`Кухня и дом ${stamp}`)
  await row.getByRole('button', { name: 'Rename' }).click()
  await expect(row.getByText('Renamed.')).toBeVisible()
  await page.goto('/')
  await expect(page.getByRole('link', { name: `Кухня и дом ${stamp}` }).first()).toBeVisible()
})
