// A scripted shopper session in Chromium, about 2.5 minutes of the shopper's time, once against the
// shipped build and once against a naive cache policy built from the same code
// (app/lib/naive-cache-policy.ts): the /api requests and response bytes each makes, by endpoint.
// Usage: npm run bench -- session [--port 3320] [--verbose]   (--verbose lists every request, step by step)
// Needs a build (`npm run bench` builds first); builds the naive policy into a folder of its own,
// and starts a production server per run, each on a freshly seeded database (the same catalog).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { Browser, Locator, Page } from '@playwright/test'
import { EVENT_STREAM, launchChromium, recordApiTraffic, type EndpointTraffic } from './browser.ts'
import { startBenchServer, stopBenchServer, waitForServer } from './production-server.ts'
import { markdownTable, reportGoal, reportSection } from './report.ts'

const { values } = parseArgs({ args: process.argv.slice(2), options: { port: { type: 'string', default: '3320' }, verbose: { type: 'boolean', default: false } }, allowPositionals: true })
const port = Number(values.port)
const origin = `http://127.0.0.1:${port}`
const root = fileURLToPath(new URL('../..', import.meta.url))
const folder = mkdtempSync(join(tmpdir(), 'cartwheel-session-bench-'))
// Inside the project: the server build imports its dependencies from node_modules.
const naiveBuild = join(root, 'dist-naive')

type Policy = 'shipped' | 'naive'
type SessionResult = { traffic: Map<string, EndpointTraffic>; order: string; products: string[]; shopperSeconds: number }

/** The same code, built with NAIVE_CACHE_POLICY=1 (vite.config.ts) into a folder of its own. */
function buildNaivePolicy() {
  const vite = join(root, 'node_modules/vite/bin/vite.js')
  const env = { ...process.env, NODE_ENV: 'production', NAIVE_CACHE_POLICY: '1' }
  const run = spawnSync(process.execPath, [vite, 'build', '--outDir', naiveBuild, '--emptyOutDir', '--logLevel', 'warn'], { cwd: root, env, encoding: 'utf8' })
  if (run.status !== 0) throw new Error(`The naive build failed:\n${run.stdout}${run.stderr}`)
}

const details = { email: 'shopper@example.com', name: 'Ada Lovelace', line1: '12 St James’s Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' }

/** The shopper's session: the same clicks, in the same order, whatever the build. */
async function shop(page: Page, traffic: ReturnType<typeof recordApiTraffic>) {
  const products: string[] = []
  const live = () => page.locator('html[data-live="live"]').waitFor({ state: 'attached' })
  const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor()
  const badge = (items: number) => page.getByRole('banner').getByRole('link', { name: new RegExp(`^Cart: ${items} items?`) }).waitFor()
  /** The shopper reads the page for a while: the page's clock (timers, staleTime, polling) moves on that much. */
  const think = async (seconds: number) => {
    await traffic.idle()
    // The stream is up before time passes: time would otherwise tell the page the stream is down.
    await live()
    await page.clock.runFor(seconds * 1_000)
    await traffic.idle()
  }
  /** Points at a link long enough to be intent (the router's 50 ms), then clicks it. */
  const hoverThenClick = async (link: Locator) => {
    await page.mouse.move(0, 0)
    await link.hover()
    await page.clock.runFor(300)
    await traffic.idle()
    await link.click()
  }
  const openProduct = async (card: Locator) => {
    const name = (await card.getByRole('heading').textContent()) ?? ''
    products.push(name)
    await hoverThenClick(card)
    await heading(name)
    return name
  }
  const addToCart = async (items: number) => {
    await page.getByRole('button', { name: 'Add to cart', exact: true }).click()
    await badge(items)
  }
  // A string, not a function: the script runner would wrap the getters in a helper the page lacks.
  const setVisibility = (hidden: boolean) =>
    page.evaluate(
      hidden
        ? `Object.defineProperty(document, 'visibilityState', { configurable: true, get() { return 'hidden' } });
           Object.defineProperty(document, 'hidden', { configurable: true, get() { return true } });
           document.dispatchEvent(new Event('visibilitychange')); window.dispatchEvent(new Event('blur'))`
        : // Back to the prototype's getters: the tab is visible again.
          `delete document.visibilityState; delete document.hidden;
           document.dispatchEvent(new Event('visibilitychange')); window.dispatchEvent(new Event('focus'))`,
    )
  // Products with stock to spare: the session buys three of one.
  const cards = (list: string) => page.getByRole('list', { name: list }).getByRole('link').filter({ hasText: 'In stock' })
  const started = await page.evaluate(() => Date.now())

  // Home, then a category, paged through.
  await think(6)
  traffic.mark('category')
  await hoverThenClick(page.getByRole('navigation', { name: 'Categories' }).getByRole('link', { name: 'Desks' }))
  await heading('Desks')
  await think(6)
  traffic.mark('page 2')
  await hoverThenClick(page.getByRole('link', { name: 'Next →' }))
  await page.getByText(/^Showing 25–/).waitFor()
  await think(8)
  traffic.mark('page 3')
  await hoverThenClick(page.getByRole('link', { name: 'Next →' }))
  await page.getByText(/^Showing 49–/).waitFor()
  await think(8)
  traffic.mark('back to page 2')
  await hoverThenClick(page.getByRole('link', { name: '← Previous' }))
  await page.getByText(/^Showing 25–/).waitFor()
  await think(4)

  // Two products from the listing, each added to the cart.
  traffic.mark('product A')
  const first = await openProduct(cards('Desks products').nth(3))
  await think(6)
  traffic.mark('add A')
  await addToCart(1)
  await think(4)
  traffic.mark('back to page 2')
  await page.goBack()
  await page.getByText(/^Showing 25–/).waitFor()
  await think(4)
  traffic.mark('product B')
  await openProduct(cards('Desks products').nth(7))
  await think(6)
  traffic.mark('add B')
  await addToCart(2)
  await think(4)

  // A search, and a product from it.
  traffic.mark('search')
  await page.getByRole('searchbox', { name: 'Search products' }).fill('lamp')
  await page.getByRole('searchbox', { name: 'Search products' }).press('Enter')
  await page.getByRole('list', { name: 'Search results' }).waitFor()
  await think(5)
  traffic.mark('product C')
  const third = await openProduct(cards('Search results').first())
  await think(6)
  traffic.mark('add C')
  await addToCart(3)
  await think(4)

  // The cart: one more of the first product, twice; the third removed.
  traffic.mark('cart')
  await page.getByRole('banner').getByRole('link', { name: /^Cart:/ }).click()
  await heading('Your cart')
  await think(5)
  traffic.mark('quantity A +2')
  await page.getByRole('button', { name: `One more ${first}` }).click()
  await page.getByRole('button', { name: `One more ${first}` }).click()
  await think(3)
  traffic.mark('remove C')
  await page.getByRole('button', { name: `Remove ${third}` }).click()
  await page.getByRole('link', { name: third }).waitFor({ state: 'detached' })
  await think(5)

  // Back to pages seen before.
  traffic.mark('back to C')
  await page.goBack()
  await heading(third)
  await think(4)
  traffic.mark('back to search')
  await page.goBack()
  await page.getByRole('list', { name: 'Search results' }).waitFor()
  await think(4)

  // The shopper leaves the tab, time passes, and they come back.
  traffic.mark('tab hidden')
  await setVisibility(true)
  await think(20)
  traffic.mark('tab visible')
  await setVisibility(false)
  await think(4)
  traffic.mark('category again')
  await hoverThenClick(page.getByRole('navigation', { name: 'Categories' }).getByRole('link', { name: 'Desks' }))
  await heading('Desks')
  await think(6)

  // Checkout, then the order.
  traffic.mark('cart again')
  await page.getByRole('banner').getByRole('link', { name: /^Cart:/ }).click()
  await heading('Your cart')
  await think(3)
  traffic.mark('checkout')
  await page.getByRole('link', { name: 'Check out' }).click()
  await heading('Checkout')
  await page.getByLabel('Email').fill(details.email)
  await page.getByLabel('Full name').fill(details.name)
  await page.getByLabel('Street address').fill(details.line1)
  await page.getByLabel('Town or city').fill(details.city)
  await page.getByLabel('Postal code').fill(details.postalCode)
  await page.getByLabel('Country').selectOption(details.country)
  await think(3)
  traffic.mark('place order')
  await page.getByRole('button', { name: 'Place order' }).click()
  await heading(`Thank you, ${details.name}`)
  await badge(0)
  await think(5)
  traffic.mark('orders')
  await page.getByRole('banner').getByRole('link', { name: 'Orders' }).click()
  await heading('Your orders')
  await think(3)
  traffic.mark('order')
  await page.getByRole('list', { name: 'Orders' }).getByRole('link').first().click()
  await heading(/^Order CW-/)
  await think(5)

  const order = (await page.getByRole('list', { name: 'Ordered items' }).innerText()).replace(/\s+/g, ' ').trim()
  const shopperSeconds = ((await page.evaluate(() => Date.now())) - started) / 1_000
  return { order, products, shopperSeconds }
}

async function runSession(browser: Browser, policy: Policy): Promise<SessionResult> {
  const server = startBenchServer({ port, databasePath: join(folder, `${policy}.db`), env: { SEED_PRODUCTS: '2000', ...(policy === 'naive' ? { BUILD_DIR: naiveBuild } : {}) } })
  server.stderr.pipe(process.stderr)
  const context = await browser.newContext({ baseURL: origin })
  try {
    await waitForServer(origin)
    const page = await context.newPage()
    await page.clock.install()
    const traffic = recordApiTraffic(page)
    traffic.mark('home')
    await page.goto('/')
    await page.locator('html[data-hydrated="true"]').waitFor({ state: 'attached' })
    const session = await shop(page, traffic)
    if (values.verbose) console.log(`\n${policy}: every /api request, by step\n${traffic.log.join('\n')}`)
    return { ...session, traffic: await traffic.totals() }
  } finally {
    await context.close()
    await stopBenchServer(server)
  }
}

const sum = (traffic: Map<string, EndpointTraffic>, field: keyof EndpointTraffic) =>
  [...traffic].filter(([endpoint]) => endpoint !== EVENT_STREAM).reduce((total, [, entry]) => total + entry[field], 0)
const kB = (bytes: number) => `${(bytes / 1_000).toFixed(1)} kB`

try {
  console.log('Building the naive cache policy…')
  buildNaivePolicy()
  const browser = await launchChromium()
  let shipped: SessionResult
  let naive: SessionResult
  try {
    shipped = await runSession(browser, 'shipped')
    naive = await runSession(browser, 'naive')
  } finally {
    await browser.close()
  }
  if (shipped.order !== naive.order || shipped.products.join() !== naive.products.join()) {
    throw new Error(`The two sessions ended differently:\n  shipped: ${shipped.order}\n  naive:   ${naive.order}`)
  }

  const endpoints = [...new Set([...shipped.traffic.keys(), ...naive.traffic.keys()])].filter((endpoint) => endpoint !== EVENT_STREAM).sort()
  const cell = (result: SessionResult, endpoint: string) => result.traffic.get(endpoint) ?? { requests: 0, bytes: 0 }
  const rows = endpoints.map((endpoint) => {
    const a = cell(shipped, endpoint)
    const b = cell(naive, endpoint)
    return [`\`${endpoint}\``, a.requests, kB(a.bytes), b.requests, kB(b.bytes)]
  })
  const requests = { shipped: sum(shipped.traffic, 'requests'), naive: sum(naive.traffic, 'requests') }
  const bytes = { shipped: sum(shipped.traffic, 'bytes'), naive: sum(naive.traffic, 'bytes') }
  const ratio = requests.naive / requests.shipped
  const byteRatio = bytes.naive / bytes.shipped
  rows.push(['**all (stream aside)**', `**${requests.shipped}**`, `**${kB(bytes.shipped)}**`, `**${requests.naive}**`, `**${kB(bytes.naive)}**`])
  rows.push([`\`${EVENT_STREAM}\` (connections)`, cell(shipped, EVENT_STREAM).requests, '–', cell(naive, EVENT_STREAM).requests, '–'])
  const table = markdownTable(['endpoint', 'shipped: requests', 'shipped: bytes', 'naive: requests', 'naive: bytes'], rows)
  const note =
    `Naive ÷ shipped: **${ratio.toFixed(1)}×** the requests, **${byteRatio.toFixed(1)}×** the bytes. ` +
    `${shipped.shopperSeconds.toFixed(0)} s of the shopper's time (the page's clock) shipped, ${naive.shopperSeconds.toFixed(0)} s naive; ` +
    `both ended with the same order: ${shipped.order}. ` +
    'Bytes are each response as it crossed the wire, headers and (compressed) body; the event stream is counted by its connections only.'
  console.log(`\nShopper session, /api requests and response bytes by endpoint\n\n${table}\n\n${note}`)
  reportSection('Shopper session: /api requests and bytes, shipped and naive cache policy', `${table}\n\n${note}`)
  reportGoal({
    goal: '`/api` requests in a 2.5-minute shopper session, naive ÷ shipped',
    target: '≥ 6×',
    measured: `${ratio.toFixed(1)}× (${requests.naive} vs ${requests.shipped}; bytes ${byteRatio.toFixed(1)}×)`,
    met: ratio >= 6,
    left: 'See performance.md, "A shopper session, shipped and naive", for which of the shipped requests a policy could still avoid.',
  })
} finally {
  rmSync(folder, { recursive: true, force: true })
  rmSync(naiveBuild, { recursive: true, force: true })
}
