// From a listing card to the product page, timed inside the page: performance.now() from the click
// event to the first DOM change that shows the product's title (a MutationObserver installed before
// the click), and the /api requests made after the click. Two ways in, alternating run by run, each
// run a fresh page load and another product: hover then click (the pointer rests on the card until
// the prefetch it starts is answered), and a cold click (no rest: the click comes at once).
// Usage: npm run bench -- navigation [--runs 20 --port 3322]
// Needs a build (`npm run bench` builds first). Starts its own production server on a fresh database.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { Browser } from '@playwright/test'
import { launchChromium, recordApiTraffic } from './browser.ts'
import { percentile, startBenchServer, stopBenchServer, waitForServer } from './production-server.ts'
import { markdownTable, reportGoal, reportSection } from './report.ts'

const { values } = parseArgs({ args: process.argv.slice(2), options: { runs: { type: 'string', default: '20' }, port: { type: 'string', default: '3322' } }, allowPositionals: true })
const runs = Number(values.runs)
const port = Number(values.port)
const origin = `http://127.0.0.1:${port}`
const folder = mkdtempSync(join(tmpdir(), 'cartwheel-navigation-bench-'))

type Way = 'hover then click' | 'cold click'
type Run = { ms: number; requests: number }

/** Category pages enough for `runs` different products per way (24 cards a page). */
const LISTING_PAGES = ['desks', 'lighting', 'chairs', 'storage'].flatMap((category) => [1, 2].map((page) => `/categories/${category}${page === 1 ? '' : `?page=${page}`}`))

/** One run: load the listing, (hover,) click the card, and time the product's title appearing. */
async function navigate(browser: Browser, way: Way, listing: string, index: number): Promise<Run> {
  const context = await browser.newContext({ baseURL: origin })
  try {
    const page = await context.newPage()
    await page.goto(listing)
    await page.locator('html[data-hydrated="true"]').waitFor({ state: 'attached' })
    await page.locator('html[data-live="live"]').waitFor({ state: 'attached' })
    const traffic = recordApiTraffic(page)
    await traffic.idle()
    const card = page.getByRole('main').getByRole('listitem').nth(index).getByRole('link').first()
    const name = ((await card.getByRole('heading').textContent()) ?? '').trim()
    const slug = ((await card.getAttribute('href')) ?? '').split('/').pop() ?? ''
    await page.mouse.move(0, 0)
    if (way === 'hover then click') {
      const prefetched = page.waitForResponse((response) => new URL(response.url()).pathname === `/api/products/${slug}`)
      await card.hover()
      await prefetched
      await traffic.idle()
    }
    // Installed before the click: the click's timestamp, then the first DOM change that shows the title.
    await page.evaluate((name) => {
      const timing: { clickAt?: number; shownAt?: number } = {}
      Object.assign(window, { navigationTiming: timing })
      document.addEventListener('click', () => (timing.clickAt ??= performance.now()), { capture: true, once: true })
      const observer = new MutationObserver(() => {
        if (timing.clickAt === undefined) return
        const title = document.querySelector('main h1')
        if (title?.textContent?.trim() !== name) return
        timing.shownAt = performance.now()
        observer.disconnect()
      })
      observer.observe(document.body, { childList: true, subtree: true, characterData: true })
    }, name)
    const before = await traffic.totals()
    const count = (totals: typeof before) => [...totals.values()].reduce((sum, entry) => sum + entry.requests, 0)
    await card.click()
    await page.waitForFunction(() => (window as unknown as { navigationTiming: { shownAt?: number } }).navigationTiming.shownAt !== undefined)
    await page.getByText(/available|Sold out/).first().waitFor()
    await traffic.idle()
    const { clickAt, shownAt } = await page.evaluate(() => (window as unknown as { navigationTiming: { clickAt: number; shownAt: number } }).navigationTiming)
    return { ms: shownAt - clickAt, requests: count(await traffic.totals()) - count(before) }
  } finally {
    await context.close()
  }
}

const server = startBenchServer({ port, databasePath: join(folder, 'shop.db'), env: { SEED_PRODUCTS: '2000' } })
server.stderr.pipe(process.stderr)
try {
  await waitForServer(origin)
  const browser = await launchChromium()
  const results: Record<Way, Run[]> = { 'hover then click': [], 'cold click': [] }
  try {
    // A first load warms the server and the browser's cache of assets; it is not counted.
    await navigate(browser, 'cold click', LISTING_PAGES[0] ?? '/', 23)
    for (let run = 0; run < runs; run += 1) {
      // Each run another product: hover runs take cards from even listing pages, cold clicks from odd ones.
      const listingOf = (offset: number) => LISTING_PAGES[(Math.floor(run / 20) * 2 + offset) % LISTING_PAGES.length] ?? '/'
      results['hover then click'].push(await navigate(browser, 'hover then click', listingOf(0), run % 20))
      results['cold click'].push(await navigate(browser, 'cold click', listingOf(1), run % 20))
    }
  } finally {
    await browser.close()
  }
  const summary = (way: Way) => {
    const times = results[way].map((run) => run.ms).sort((a, b) => a - b)
    const requests = results[way].map((run) => run.requests)
    return { p50: percentile(times, 50), p95: percentile(times, 95), max: times.at(-1) ?? 0, requests, total: requests.reduce((sum, n) => sum + n, 0) }
  }
  const hover = summary('hover then click')
  const cold = summary('cold click')
  const ms = (value: number) => value.toFixed(1)
  const table = markdownTable(
    ['way', 'runs', 'p50 ms', 'p95 ms', 'max ms', '/api requests after the click (all runs)'],
    (['hover then click', 'cold click'] as const).map((way) => {
      const s = summary(way)
      return [way, runs, ms(s.p50), ms(s.p95), ms(s.max), `${s.total} (${[...new Set(s.requests)].sort().join(' or ')} a run)`]
    }),
  )
  const note = 'From the click event to the first DOM change showing the product\'s title, measured in the page (`performance.now()`, a MutationObserver installed before the click); each run a fresh page load and another product.'
  console.log(`\nCard → product page\n\n${table}\n\n${note}`)
  reportSection('Navigation: card → product page, hover then click and cold click', `${table}\n\n${note}`)
  reportGoal({
    goal: 'Hover, then click → product title (in-page), p50',
    target: '< 50 ms',
    measured: `${ms(hover.p50)} ms, ${hover.total} requests after the click in ${runs} runs; cold click ${ms(cold.p50)} ms`,
    met: hover.p50 < 50,
    left: 'The hover prefetch leaves the page to render only; see performance.md, "Hover, then click".',
  })
} finally {
  await stopBenchServer(server)
  rmSync(folder, { recursive: true, force: true })
}
