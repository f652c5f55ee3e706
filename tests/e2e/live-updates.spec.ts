import { expect, test } from './fixtures'
import { productWithStock, recordApiRequests, setStock, waitForHydration } from './support'

// Generous: a busy CI machine must not fail these. The latency goal (p95 under 1 s) is measured by `npm run bench`.
const ARRIVES = { timeout: 10_000 }

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
