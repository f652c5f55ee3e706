import { expect, test } from '@playwright/test'
import { recordApiRequests, waitForHydration } from './support'

type Timing = { clickedAt?: number; shownAt?: number }

test('hovering a card for 100 ms makes its page open with no request and within 100 ms', async ({ page }) => {
  await page.goto('/categories/desks')
  await waitForHydration(page)
  const card = page.getByRole('list', { name: 'Desks products' }).getByRole('link').first()
  const name = (await card.getByRole('heading').textContent()) ?? ''

  await card.hover()
  await page.waitForTimeout(100)
  // Let the prefetch that the hover started finish, as it would while a shopper reads the card.
  await page.waitForLoadState('networkidle')

  // Measured inside the page: from the click event to the first frame with the product's title.
  await page.evaluate((expected) => {
    const timing: Timing = {}
    ;(window as unknown as { __timing: Timing }).__timing = timing
    document.addEventListener('click', () => (timing.clickedAt = performance.now()), { capture: true, once: true })
    const observer = new MutationObserver(() => {
      const heading = document.querySelector('h1')
      if (heading?.textContent === expected && timing.clickedAt !== undefined) {
        timing.shownAt = performance.now()
        observer.disconnect()
      }
    })
    observer.observe(document.body, { childList: true, subtree: true, characterData: true })
  }, name)

  const api = recordApiRequests(page)
  await card.click()
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
  await page.waitForTimeout(500)
  api.stop()

  const timing = await page.evaluate(() => (window as unknown as { __timing: Timing }).__timing)
  const elapsed = (timing.shownAt ?? Number.POSITIVE_INFINITY) - (timing.clickedAt ?? 0)
  test.info().annotations.push({ type: 'click-to-title-ms', description: elapsed.toFixed(1) })
  console.log(`click to title: ${elapsed.toFixed(1)} ms, /api requests after the click: ${api.requests.length}`)
  expect(api.requests).toEqual([])
  expect(elapsed).toBeLessThan(100)
})

test('a shopper with data saving on gets no prefetch on hover', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'connection', { value: { saveData: true }, configurable: true })
  })
  await page.goto('/categories/desks')
  await waitForHydration(page)
  const api = recordApiRequests(page)
  const card = page.getByRole('list', { name: 'Desks products' }).getByRole('link').first()
  await card.hover()
  await page.waitForTimeout(600)
  expect(api.requests).toEqual([])

  await card.click()
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  expect(api.requests.some((request) => request.startsWith('GET /api/products/'))).toBe(true)
})
