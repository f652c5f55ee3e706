import type { Locator, Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { recordApiRequests, waitForHydration } from './support'

/** How long a pointer must rest on a card before its page is prefetched (prefetchIntentDelayMs). */
const HOVER_INTENT_MS = 50

function firstCard(page: Page) {
  return page.getByRole('list', { name: 'Desks products' }).getByRole('link').first()
}

/** Hovers a card until the prefetch it starts is answered, and the requests it started have finished. */
async function hoverAndLetPrefetchFinish(page: Page, card: Locator) {
  const slug = ((await card.getAttribute('href')) ?? '').split('/').pop()
  const productAnswer = page.waitForResponse((response) => response.url().endsWith(`/api/products/${slug}`))
  // Start from outside the card, so the hover is a fresh mouseenter even if the pointer was there.
  await page.mouse.move(0, 0)
  await card.hover()
  await productAnswer
  await page.waitForLoadState('networkidle')
}

/** Clicks the card and returns the /api requests the page made for it, once its page shows. */
async function clickAndRecordRequests(page: Page, card: Locator, name: string) {
  const api = recordApiRequests(page)
  await card.click()
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
  await expect(page.getByText(/available|Sold out/)).toBeVisible()
  await api.settle()
  api.stop()
  return api.requests
}

test('hovering a card makes its page open from the cache, with no request after the click', async ({ page }) => {
  await page.goto('/categories/desks')
  await waitForHydration(page)
  const card = firstCard(page)
  const name = (await card.getByRole('heading').textContent()) ?? ''

  await hoverAndLetPrefetchFinish(page, card)
  expect(await clickAndRecordRequests(page, card, name)).toEqual([])
})

test('a card hovered again after its data went stale refreshes it before the click', async ({ page }) => {
  await page.clock.install()
  await page.goto('/categories/desks')
  await waitForHydration(page)
  const card = firstCard(page)
  const name = (await card.getByRole('heading').textContent()) ?? ''

  await hoverAndLetPrefetchFinish(page, card)
  await card.click()
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
  await page.goBack()
  await waitForHydration(page)

  // Past the product's 5-minute staleTime and the stock's 5-minute gcTime.
  await page.clock.fastForward('06:00')
  const hoverRequests = recordApiRequests(page)
  await hoverAndLetPrefetchFinish(page, firstCard(page))
  hoverRequests.stop()
  expect(hoverRequests.requests.some((request) => request.startsWith('GET /api/products/'))).toBe(true)

  expect(await clickAndRecordRequests(page, firstCard(page), name)).toEqual([])
})

test('a shopper with data saving on gets no prefetch on hover', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'connection', { value: { saveData: true }, configurable: true })
  })
  await page.clock.install()
  await page.goto('/categories/desks')
  await waitForHydration(page)
  const api = recordApiRequests(page)
  const card = firstCard(page)
  await card.hover()
  // Well past the hover delay: a prefetch it would start has started.
  await page.clock.runFor(HOVER_INTENT_MS * 10)
  await api.settle()
  expect(api.requests).toEqual([])

  await card.click()
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  expect(api.requests.some((request) => request.startsWith('GET /api/products/'))).toBe(true)
})

test('the next listing page is fetched when the shopper points at “Next”, not before, and opens from the cache', async ({ page }) => {
  await page.clock.install()
  await page.goto('/categories/desks')
  await waitForHydration(page)
  const next = page.getByRole('link', { name: 'Next →' })
  const api = recordApiRequests(page)
  // A shopper reading the page: well past any dwell a prefetch could wait for.
  await page.clock.runFor(5_000)
  await api.settle()
  expect(api.requests.filter((request) => request.startsWith('GET /api/products?'))).toEqual([])

  const pageTwo = page.waitForResponse((response) => /\/api\/products\?.*page=2/.test(response.url()))
  await next.hover()
  await page.clock.runFor(HOVER_INTENT_MS * 2)
  await pageTwo
  await page.waitForLoadState('networkidle')

  const afterClick = recordApiRequests(page)
  await next.click()
  await expect(page.getByText(/^Showing 25–/)).toBeVisible()
  await afterClick.settle()
  expect(afterClick.requests.filter((request) => request.startsWith('GET /api/products?'))).toEqual([])
})

test('a card that slides under a resting pointer is prefetched only once the pointer moves over it', async ({ page }) => {
  await page.clock.install()
  await page.goto('/categories/desks')
  await waitForHydration(page)
  const next = page.getByRole('link', { name: 'Next →' })
  await next.hover()
  const box = (await next.boundingBox())!
  const pointer = { x: box.x + box.width / 2, y: box.y + box.height / 2 }

  // The click leaves the pointer where "Next →" was; the new page opens at the top, with a card under it.
  const api = recordApiRequests(page)
  await next.click()
  await expect(page.getByText(/^Showing 25–/)).toBeVisible()
  const href = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('a')?.getAttribute('href'), pointer)
  expect(href).toMatch(/^\/products\//)
  const productRequest = `GET /api${href}`
  // Well past the hover delay: a prefetch the card's arrival would start has started.
  await page.clock.runFor(HOVER_INTENT_MS * 10)
  await api.settle()
  expect(api.requests).not.toContain(productRequest)

  const prefetch = page.waitForResponse((response) => response.url().endsWith(`/api${href}`))
  await page.mouse.move(pointer.x + 5, pointer.y + 5)
  await page.clock.runFor(HOVER_INTENT_MS * 2)
  await prefetch
  await api.settle()
  expect(api.requests).toContain(productRequest)
})
