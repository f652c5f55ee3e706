import type { Page } from '@playwright/test'
import Database from 'better-sqlite3'
import { expect, test } from './fixtures'
import { waitForHydration } from './support'

// The e2e server's database (playwright.config.ts): products are archived and renamed in it
// directly, as the admin's catalog tools would, and put back after each test.
const DATABASE_PATH = 'data/e2e.db'

type ProductRow = { id: number; slug: string; name: string; description: string; category: string }

function withShopFile<T>(work: (db: Database.Database) => T): T {
  const db = new Database(DATABASE_PATH, { fileMustExist: true })
  db.pragma('busy_timeout = 10000')
  try {
    return work(db)
  } finally {
    db.close()
  }
}

/** The newest product on sale in a category with stock to spare: the first card of its category page. */
const newestIn = (category: string) =>
  withShopFile(
    (db) =>
      db
        .prepare('SELECT id, slug, name, description, category FROM products WHERE category = ? AND archived_at IS NULL AND stock >= 5 ORDER BY created_at DESC, id DESC LIMIT 1')
        .get(category) as ProductRow,
  )

const setArchived = (id: number, archived: boolean) =>
  withShopFile((db) => db.prepare('UPDATE products SET archived_at = ? WHERE id = ?').run(archived ? Date.now() : null, id))

const countOrders = () => withShopFile((db) => (db.prepare('SELECT count(*) AS n FROM orders').get() as { n: number }).n)
const stockOf = (id: number) => withShopFile((db) => (db.prepare('SELECT stock FROM products WHERE id = ?').get(id) as { stock: number }).stock)

const undo: Array<() => void> = []
test.afterEach(() => {
  for (const step of undo.splice(0).reverse()) step()
})

/** Takes a product off sale for the rest of the test. */
function archive(product: ProductRow) {
  setArchived(product.id, true)
  undo.push(() => setArchived(product.id, false))
}

const cardOf = (page: Page, product: ProductRow) => page.getByRole('main').locator(`a[href="/products/${product.slug}"]`)
const listedTotal = async (page: Page) => Number((await page.getByText(/^Showing 1–\d+ of [\d,]+ products$/).textContent())?.match(/of ([\d,]+)/)?.[1]?.replace(/,/g, ''))

const details = { email: 'ada@example.com', name: 'Ada Lovelace', line1: '12 St James’s Square', city: 'London', postalCode: 'SW1Y 4JH' }

async function fillDetails(page: Page) {
  await page.getByLabel('Email').fill(details.email)
  await page.getByLabel('Full name').fill(details.name)
  await page.getByLabel('Street address').fill(details.line1)
  await page.getByLabel('Town or city').fill(details.city)
  await page.getByLabel('Postal code').fill(details.postalCode)
  await page.getByLabel('Country').selectOption('GB')
}

async function addToCart(page: Page, product: ProductRow, quantity: number) {
  expect((await page.request.post('/api/cart/lines', { data: { productId: product.id, quantity } })).status()).toBe(200)
}

test('an archived product’s page says it is no longer sold, and it leaves its category and search', async ({ page }) => {
  const product = newestIn('lighting')
  await page.goto(`/categories/${product.category}`)
  await expect(cardOf(page, product)).toBeVisible()
  const onSale = await listedTotal(page)

  archive(product)

  await page.goto(`/products/${product.slug}`)
  await waitForHydration(page)
  await expect(page.getByRole('heading', { level: 1, name: product.name })).toBeVisible()
  await expect(page.getByRole('note').getByText('No longer sold', { exact: true })).toBeVisible()
  await expect(page.getByText(product.description)).toBeVisible()
  await expect(page.getByRole('button', { name: 'Add to cart' })).toHaveCount(0)
  await expect(page.getByText(/available$|^In stock$/)).toHaveCount(0)

  await page.goto(`/categories/${product.category}`)
  await expect(page.getByText(/^Showing 1–/)).toBeVisible()
  expect(await listedTotal(page)).toBe(onSale - 1)
  await expect(cardOf(page, product)).toHaveCount(0)

  await page.goto(`/search?q=${encodeURIComponent(product.name)}`)
  await expect(page.getByText(/^Showing 1–|^There are|^No products match\.$/)).toBeVisible()
  await expect(cardOf(page, product)).toHaveCount(0)
})

test('a cart holding an archived product shows it, and checkout refuses it with the message, ordering nothing', async ({ page }) => {
  const archived = newestIn('rugs')
  const kept = newestIn('tableware')
  await addToCart(page, archived, 1)
  await addToCart(page, kept, 2)
  await page.goto('/checkout')
  await waitForHydration(page)
  await fillDetails(page)
  // Taken off sale while the shopper is on the checkout page, which still shows it on sale.
  archive(archived)
  const [orders, stock] = [countOrders(), [stockOf(archived.id), stockOf(kept.id)]]

  await page.getByRole('button', { name: 'Place order' }).click()

  await expect(page.getByRole('form', { name: 'Contact and delivery' }).getByRole('alert')).toContainText(`No longer sold: ${archived.name}. Remove it above, then place your order: nothing was ordered.`)
  const toRemove = page.getByRole('region', { name: 'One item is no longer sold' })
  await expect(toRemove).toContainText(`${archived.name}: no longer sold`)
  await expect(page.getByRole('button', { name: 'Place order' })).toHaveAttribute('aria-disabled', 'true')
  expect(countOrders()).toBe(orders)
  expect([stockOf(archived.id), stockOf(kept.id)]).toEqual(stock)

  await page.getByRole('link', { name: 'Edit cart' }).click()
  const line = page.getByRole('list', { name: 'Cart lines' }).getByRole('listitem').filter({ hasText: archived.name })
  await expect(line.getByRole('note')).toHaveText('No longer sold — remove it to check out.')
  await line.getByRole('button', { name: `Remove ${archived.name}` }).click()
  await expect(line).toHaveCount(0)

  await page.getByRole('link', { name: 'Check out' }).click()
  await fillDetails(page)
  await page.getByRole('button', { name: 'Place order' }).click()
  await expect(page.getByRole('heading', { level: 1, name: `Thank you, ${details.name}` })).toBeVisible()
  await expect(page.getByRole('list', { name: 'Ordered items' })).toContainText(kept.name)
  await expect(page.getByRole('list', { name: 'Ordered items' })).not.toContainText(archived.name)
})

test('an order holding a product archived since still shows it', async ({ page }) => {
  const product = newestIn('outdoor')
  await addToCart(page, product, 1)
  await page.goto('/checkout')
  await waitForHydration(page)
  await fillDetails(page)
  await page.getByRole('button', { name: 'Place order' }).click()
  await expect(page.getByRole('heading', { level: 1, name: `Thank you, ${details.name}` })).toBeVisible()
  const number = (await page.locator('strong.font-mono').textContent()) ?? ''

  archive(product)

  await page.goto(`/orders/${number}`)
  await expect(page.getByRole('list', { name: 'Ordered items' })).toContainText(product.name)
})

test('an old slug answers 301 with the product’s path now, and the page it leads to renders', async ({ page, request }) => {
  const product = newestIn('office')
  const renamed = `${product.slug}-renamed`
  withShopFile((db) => {
    db.prepare('INSERT INTO product_slug_redirects (slug, product_id, created_at) VALUES (?, ?, ?)').run(product.slug, product.id, Date.now())
    db.prepare('UPDATE products SET slug = ? WHERE id = ?').run(renamed, product.id)
  })
  undo.push(() =>
    withShopFile((db) => {
      db.prepare('UPDATE products SET slug = ? WHERE id = ?').run(product.slug, product.id)
      db.prepare('DELETE FROM product_slug_redirects WHERE slug = ?').run(product.slug)
    }),
  )

  const response = await request.get(`/products/${product.slug}?utm_source=newsletter`, { maxRedirects: 0 })
  expect(response.status()).toBe(301)
  const location = new URL(response.headers()['location'] ?? '', 'http://localhost')
  expect(location.pathname).toBe(`/products/${renamed}`)
  // Only the address moved: a shared link's query string goes along.
  expect(location.search).toBe('?utm_source=newsletter')

  await page.goto(`/products/${product.slug}`)
  await expect(page).toHaveURL(new RegExp(`/products/${renamed}$`))
  await expect(page.getByRole('heading', { level: 1, name: product.name })).toBeVisible()
  await waitForHydration(page)
  await expect(page.getByRole('button', { name: 'Add to cart' })).toBeVisible()
})
