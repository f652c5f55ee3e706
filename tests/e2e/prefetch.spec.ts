import type { Locator, Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { recordApiRequests, waitForHydration } from './support'

type Timing = { clickedAt?: number; shownAt?: number }

function firstCard(page: Page) {
  return page.getByRole('list', { name: 'Desks products' }).getByRole('link').first()
}

/** Hovers a card for 100 ms and waits for the requests the hover started to finish. */
async function hoverAndLetPrefetchFinish(page: Page, card: Locator) {
  const slug = ((await card.getAttribute('href')) ?? '').split('/').pop()
  const productAnswer = page.waitForResponse((response) => response.url().endsWith(`/api/products/${slug}`))
  // Start from outside the card, so the hover is a fresh mouseenter even if the pointer was there.
  await page.mouse.move(0, 0)
  await card.hover()
  await page.waitForTimeout(100)
  await productAnswer
  await page.waitForLoadState('networkidle')
}

/** Clicks and measures, inside the page, from the click event to the first frame showing the title. */
async function clickAndTimeTitle(page: Page, card: Locator, name: string) {
  await page.evaluate((expected) => {
    const timing: Timing = {}
    ;(window as unknown as { __timing: Timing }).__timing = timing
    document.addEventListener('click', () => (timing.clickedAt = performance.now()), { capture: true, once: true })
    const observer = new MutationObserver(() => {
      if (document.querySelector('h1')?.textContent === expected && timing.clickedAt !== undefined) {
        timing.shownAt = performance.now()
        observer.disconnect()
      }
    })
    observer.observe(document.body, { childList: true, subtree: true, characterData: true })
  }, name)

  const api = recordApiRequests(page)
  await card.click()
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
  await expect(page.getByText(/available|Sold out/)).toBeVisible()
  await page.waitForTimeout(500)
  api.stop()

  const timing = await page.evaluate(() => (window as unknown as { __timing: Timing }).__timing)
  return { requests: api.requests, elapsed: (timing.shownAt ?? Number.POSITIVE_INFINITY) - (timing.clickedAt ?? 0) }
}

test('hovering a card for 100 ms makes its page open with no request and within 100 ms', async ({ page }) => {
  await page.goto('/categories/desks')
  await waitForHydration(page)
  const card = firstCard(page)
  const name = (await card.getByRole('heading').textContent()) ?? ''

  await hoverAndLetPrefetchFinish(page, card)
  const { requests, elapsed } = await clickAndTimeTitle(page, card, name)

  console.log(`click to title: ${elapsed.toFixed(1)} ms, /api requests after the click: ${requests.length}`)
  expect(requests).toEqual([])
  expect(elapsed).toBeLessThan(100)
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

  const { requests } = await clickAndTimeTitle(page, firstCard(page), name)
  expect(requests).toEqual([])
})

test('a shopper with data saving on gets no prefetch on hover', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'connection', { value: { saveData: true }, configurable: true })
  })
  await page.goto('/categories/desks')
  await waitForHydration(page)
  const api = recordApiRequests(page)
  const card = firstCard(page)
  await card.hover()
  await page.waitForTimeout(600)
  expect(api.requests).toEqual([])

  await card.click()
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  expect(api.requests.some((request) => request.startsWith('GET /api/products/'))).toBe(true)
})
