import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { productWithStock, waitForHydration } from './support'

// Generous: a busy CI machine must not fail these.
const ARRIVES = { timeout: 10_000 }

/** The inspector's own chunk, as Vite names it in the production build. */
const INSPECTOR_CHUNK = /\/assets\/cascade-inspector-[\w-]+\.js$/

/** Records the path of every script the page requests from now on. */
function recordScripts(page: Page) {
  const scripts: string[] = []
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname)
  })
  return { scripts, inspector: () => scripts.filter((path) => INSPECTOR_CHUNK.test(path)) }
}

test('the cache inspector shows a shopper’s add to cart, then an admin’s restock as it arrives', async ({ page, request }) => {
  const product = await productWithStock(request, 41, 8)
  const recorded = recordScripts(page)
  await page.goto(`/products/${product.slug}`)
  await waitForHydration(page)
  await page.getByRole('button', { name: 'Add to cart' }).click()
  await expect(page.getByRole('banner').getByRole('link', { name: /^Cart:/ })).toContainText('Cart: 1 item')

  // The page ran its scripts without the inspector's.
  expect(recorded.scripts.length).toBeGreaterThan(0)
  expect(recorded.inspector()).toEqual([])

  const opener = page.getByRole('contentinfo').getByRole('button', { name: 'Cache inspector' })
  await opener.click()
  const inspector = page.getByRole('dialog', { name: 'Cache inspector' })
  await expect(inspector.getByRole('button', { name: 'Close' })).toBeFocused()
  expect(recorded.inspector()).toHaveLength(1)

  const added = inspector.getByRole('listitem', { name: 'mutation · cart › add-line' })
  await expect(added.getByRole('list', { name: 'Wrote' })).toContainText(`stock › detail › ${product.productId}`)
  await expect(added).toContainText(/Saved \d+ requests? vs invalidating everything/)

  const restock = await request.post(`/api/admin/products/${product.productId}/restock`, { data: { delta: 5, reason: 'Delivery from the workshop' } })
  expect(restock.status()).toBe(200)

  // A cart holds nothing back: 8 in stock, 5 delivered.
  const restocked = inspector.getByRole('listitem', { name: new RegExp(`^stock · product ${product.productId}: 13 left`) })
  await expect(restocked).toContainText('server event', ARRIVES)
  await expect(restocked.getByRole('list', { name: 'Wrote' })).toContainText(`stock › detail › ${product.productId}`)
  await expect(restocked.getByRole('list', { name: 'Wrote' })).toContainText(`catalog › detail › ${product.slug}`)
  await expect(inspector.getByRole('heading', { level: 3 }).first()).toHaveText(new RegExp(`^stock · product ${product.productId}: 13 left`))

  await page.keyboard.press('Escape')
  await expect(inspector).toBeHidden()
  await expect(opener).toBeFocused()
})
