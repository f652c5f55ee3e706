// How fast a committed change reaches open pages over the live event stream, and what the stream
// saves an idle page in requests. Chromium drives the pages; a second client changes the data.
// Usage: npm run bench -- live-latency [--runs 20]
// Needs a build (`npm run bench` builds first). Starts its own production server on port 3198.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { Page } from '@playwright/test'
import { launchChromium } from './browser.ts'
import { percentile, startBenchServer, waitForServer } from './production-server.ts'
import { markdownTable, reportGoal, reportSection } from './report.ts'

const { values } = parseArgs({ args: process.argv.slice(2), options: { runs: { type: 'string', default: '20' } }, allowPositionals: true })
const runs = Number(values.runs)
const PORT = 3198
const origin = `http://127.0.0.1:${PORT}`
const folder = mkdtempSync(join(tmpdir(), 'cartwheel-live-bench-'))

const server = startBenchServer({
  port: PORT,
  databasePath: join(folder, 'shop.db'),
  env: { SEED_PRODUCTS: '2000', CART_WRITES_PER_MINUTE: '100000', CHECKOUTS_PER_MINUTE: '100000' },
})
// Its errors are worth seeing; its start-up lines are not.
server.stderr.pipe(process.stderr)


/** A client outside the browser, with its own cookie jar (an admin, or another shopper). */
function client() {
  let cookie = ''
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${origin}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(cookie ? { cookie } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const set = response.headers.get('set-cookie')
    if (set) cookie = [cookie, set.split(';')[0]].filter(Boolean).join('; ')
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`)
    return response.status === 204 ? undefined : ((await response.json()) as unknown)
  }
}

type Row = { productId: number; name: string; stock: number; version: number }

const summary = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b)
  return `p50 ${percentile(sorted, 50).toFixed(0)} ms · p95 ${percentile(sorted, 95).toFixed(0)} ms · max ${(sorted.at(-1) ?? 0).toFixed(0)} ms (${sorted.length} runs)`
}

/** Prints one path's timings and keeps them for the report. */
const paths: Array<{ path: string; times: number[] }> = []
const record = (path: string, times: number[]) => {
  console.log(`  ${`${path}:`.padEnd(64)} ${summary(times)}`)
  paths.push({ path, times: [...times].sort((a, b) => a - b) })
}

/**
 * Resolves with the wall-clock time (ms) at which the page first shows `text`. Sent as source text:
 * tsx would wrap a function's inner names in a helper the page does not have.
 */
const WHEN_SHOWN = `(wanted) => new Promise((resolve) => {
  const seen = () => document.body.innerText.includes(wanted)
  if (seen()) return resolve(performance.timeOrigin + performance.now())
  const observer = new MutationObserver(() => {
    if (!seen()) return
    observer.disconnect()
    resolve(performance.timeOrigin + performance.now())
  })
  observer.observe(document.body, { subtree: true, childList: true, characterData: true })
})`

const whenShown = (page: Page, text: string) => page.evaluate(`(${WHEN_SHOWN})(${JSON.stringify(text)})`) as Promise<number>

const admin = client()
const buyer = client()

try {
  await waitForServer(origin)
  await admin('POST', '/api/admin/session', { email: 'admin@cartwheel.test', password: 'cartwheel-admin' })
  const [row] = ((await admin('GET', '/api/admin/inventory?sort=price&order=desc&pageSize=1')) as { items: Row[] }).items
  if (!row) throw new Error('No product')
  const found = (await admin('GET', `/api/products?q=${encodeURIComponent(row.name)}&pageSize=100`)) as { items: Array<{ id: number; slug: string }> }
  const slug = found.items.find((item) => item.id === row.productId)?.slug
  let version = row.version
  const setStock = async (stock: number) => {
    version = ((await admin('PATCH', `/api/admin/products/${row.productId}`, { stock, version })) as Row).version
  }
  await setStock(5)

  const browser = await launchChromium()
  const shopper = await browser.newContext()
  const leader = await shopper.newPage()
  const follower = await shopper.newPage()
  for (const page of [leader, follower]) {
    await page.goto(`${origin}/products/${slug}`)
    await page.locator('html[data-hydrated="true"]').waitFor({ state: 'attached' })
  }
  await whenShown(follower, 'Only 5 left')

  console.log(`\nLive updates: commit to screen, from just before the request that commits (Chromium, ${runs} runs each)`)

  const adminToLeader: number[] = []
  const adminToFollower: number[] = []
  for (let run = 0; run < runs; run++) {
    const stock = (run % 4) + 1
    const shown = [whenShown(leader, `Only ${stock} left`), whenShown(follower, `Only ${stock} left`)]
    const sent = Date.now()
    await setStock(stock)
    const [onLeader, onFollower] = await Promise.all(shown)
    adminToLeader.push((onLeader ?? sent) - sent)
    adminToFollower.push((onFollower ?? sent) - sent)
  }
  record('admin stock edit → product page, the tab holding the stream', adminToLeader)
  record('admin stock edit → product page, a tab the stream is relayed to', adminToFollower)

  const purchase: number[] = []
  for (let run = 0; run < Math.ceil(runs / 2); run++) {
    await setStock(5)
    await whenShown(leader, 'Only 5 left')
    await buyer('POST', '/api/cart/lines', { productId: row.productId, quantity: 1 }, { 'idempotency-key': crypto.randomUUID() })
    const shown = whenShown(leader, 'Only 4 left')
    const sent = Date.now()
    await buyer('POST', '/api/checkout', { email: 'bench@example.com', name: 'Bench Buyer', address: { line1: '1 Harbour St', city: 'Arlington', postalCode: '22201', country: 'US' } }, { 'idempotency-key': crypto.randomUUID() })
    purchase.push((await shown) - sent)
    version += 1
  }
  record("another shopper's purchase → product page", purchase)

  // The tab holding the stream closes: from the close to an edit shown in the tab left, which
  // takes the lock over, connects and resumes from its last event.
  const handover: number[] = []
  for (let run = 0; run < Math.min(5, runs); run++) {
    const context = await browser.newContext()
    const holders = new Set<Page>()
    const pages: Page[] = []
    for (let tab = 0; tab < 2; tab++) {
      const page = await context.newPage()
      page.on('request', (request) => {
        if (new URL(request.url()).pathname === '/api/events') holders.add(page)
      })
      await page.goto(`${origin}/products/${slug}`)
      await page.locator('html[data-live="live"]').waitFor({ state: 'attached' })
      pages.push(page)
    }
    const [holder] = holders
    const other = pages.find((page) => page !== holder)
    if (!holder || !other) throw new Error('No tab holds the stream')
    await setStock(5)
    await whenShown(other, 'Only 5 left')
    const stock = (run % 4) + 1
    const shown = whenShown(other, `Only ${stock} left`)
    const closed = Date.now()
    await holder.close()
    await setStock(stock)
    handover.push((await shown) - closed)
    await context.close()
  }
  record("the stream's tab closes → an edit shows in the tab left", handover)

  // The same browser's cart, changed in one tab, shown in the other.
  await leader.goto(`${origin}/products/${slug}`)
  await follower.goto(`${origin}/cart`)
  await follower.locator('html[data-hydrated="true"]').waitFor({ state: 'attached' })
  await leader.locator('html[data-hydrated="true"]').waitFor({ state: 'attached' })
  await setStock(500)
  const tabToTab: number[] = []
  // From the moment the tab's request leaves (the click itself waits for the button to be ready).
  let sentAt = 0
  leader.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/cart/lines') sentAt = Date.now()
  })
  for (let run = 0; run < runs; run++) {
    const badge = `Cart: ${run + 1} ${run === 0 ? 'item' : 'items'}`
    const shown = whenShown(follower, badge)
    await leader.getByRole('button', { name: 'Add to cart' }).click()
    tabToTab.push((await shown) - sentAt)
    // The next click waits for this one's answer, as a shopper's would.
    await whenShown(leader, badge)
    await leader.getByRole('button', { name: 'Add to cart' }).waitFor()
  }
  record("add to cart in one tab (request sent) → the other tab's badge", tabToTab)

  // An idle product page for 10 minutes on the page's fake clock: stock polling with and without the stream.
  const idle = async (streamBlocked: boolean) => {
    const context = await browser.newContext()
    if (streamBlocked) await context.route('**/api/events**', (route) => route.abort())
    const page = await context.newPage()
    await page.clock.install()
    let stockRequests = 0
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/stock') stockRequests += 1
    })
    await page.goto(`${origin}/products/${slug}`)
    // Hydrated, and the stream open (or given up on, when blocked): the page's own clock starts from there.
    await page.locator(`html[data-live="${streamBlocked ? 'connecting' : 'live'}"]`).waitFor({ state: 'attached' })
    // Ten seconds at a time, each followed by a real moment for the requests it started to be answered.
    for (let step = 0; step < 60; step++) {
      await page.clock.runFor(10_000)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    await context.close()
    return stockRequests
  }
  const live = await idle(false)
  const polling = await idle(true)
  const idleLine = `An idle product page, 10 minutes on the page's clock: ${live} stock requests with the stream live, ${polling} with the stream blocked (polling).`
  console.log(`\n${idleLine}`)
  const ms = (value: number) => value.toFixed(0)
  reportSection(
    'Live updates: commit to screen',
    `From just before the request that commits to the change shown, Chromium:\n\n${markdownTable(
      ['path', 'p50 ms', 'p95 ms', 'max ms', 'runs'],
      paths.map(({ path, times }) => [path, ms(percentile(times, 50)), ms(percentile(times, 95)), ms(times.at(-1) ?? 0), times.length]),
    )}\n\n${idleLine}`,
  )
  const slowest = Math.max(...paths.map(({ times }) => percentile(times, 95)))
  reportGoal({ goal: 'live update, commit to screen, every path, p95', target: '< 1 s', measured: `slowest p95 ${ms(slowest)} ms`, met: slowest < 1000 })
  await browser.close()
} finally {
  server.kill()
  rmSync(folder, { recursive: true, force: true })
}
