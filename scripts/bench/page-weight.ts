// What a first load of each page downloads: JS and CSS, gzip bytes, against performance-budget.json.
// Two counts per page: from the build's manifest (what `npm test` checks) and from Chromium loading
// the page on the production server (every script and stylesheet it fetched until the page was
// hydrated and its live stream was up). Every file the manifest lists must be among them; the rest
// are what the page imports itself once it is interactive (the offline support and the live
// connection), a column of their own. Usage: npm run bench -- page-weight [--update-budget] [--port 3197]
// Needs a build (`npm run bench` builds first). Starts its own production server on --port (3197).
// --update-budget rewrites the budgets as today's sizes plus the file's margin (the goals stay).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { Browser } from '@playwright/test'
import { launchChromium } from './browser.ts'
import { budgetFile, kB, readBudget, type RouteBudget } from '../page-weight/budget.ts'
import { gzipBytes, measureFirstLoads } from '../page-weight/first-load.ts'
import { startBenchServer, waitForServer } from './production-server.ts'
import { reportGoal, reportSection } from './report.ts'

const { values } = parseArgs({ args: process.argv.slice(2), options: { 'update-budget': { type: 'boolean', default: false }, port: { type: 'string', default: '3197' } }, allowPositionals: true })
const PORT = Number(values.port)
const origin = `http://127.0.0.1:${PORT}`
const dist = fileURLToPath(new URL('../../dist', import.meta.url))
const folder = mkdtempSync(join(tmpdir(), 'cartwheel-weight-bench-'))

const budget = readBudget()
const fromManifest = await measureFirstLoads(dist, Object.keys(budget.routes))

const server = startBenchServer({ port: PORT, databasePath: join(folder, 'shop.db'), env: { SEED_PRODUCTS: '200' } })
server.stderr.pipe(process.stderr)


/** The page's address with a real category and product of the seeded shop in it. */
async function samplePages() {
  const { items } = (await (await fetch(`${origin}/api/products?pageSize=1`)).json()) as { items: Array<{ slug: string; category: { slug: string } }> }
  const [product] = items
  if (!product) throw new Error('No product')
  return (page: string) => page.replace('{product}', product.slug).replace('{category}', product.category.slug)
}

/** The /assets/ scripts and stylesheets a fresh browser fetches for `path`, until its live stream is up. */
async function loadInBrowser(browser: Browser, path: string, asAdmin: boolean) {
  const context = await browser.newContext()
  if (asAdmin) await context.request.post(`${origin}/api/admin/session`, { data: { email: 'admin@cartwheel.test', password: 'cartwheel-admin' } })
  const page = await context.newPage()
  const fetched = new Set<string>()
  page.on('request', (request) => {
    const { pathname } = new URL(request.url())
    if (pathname.startsWith('/assets/') && /\.(js|css)$/.test(pathname)) fetched.add(pathname)
  })
  await page.goto(`${origin}${path}`)
  await page.locator('html[data-hydrated="true"]').waitFor({ state: 'attached' })
  await page.locator('html[data-live="live"]').waitFor({ state: 'attached' })
  await context.close()
  return fetched
}

const total = (hrefs: Iterable<string>, extension: string) => [...hrefs].filter((href) => href.endsWith(extension)).reduce((sum, href) => sum + gzipBytes(dist, href), 0)

try {
  await waitForServer(origin)
  const pageOf = await samplePages()
  const browser = await launchChromium()
  console.log('\nFirst load per page, gzip: JS from the manifest and in Chromium, CSS, against performance-budget.json\n')
  const lines = ['| page | JS | JS in Chromium | of it, imported once interactive | CSS | JS budget | CSS budget | JS goal |', '|---|---|---|---|---|---|---|---|']
  for (const line of lines) console.log(line)
  const shopperPages: Array<{ page: string; js: number; goal: number }> = []
  const updated: Record<string, RouteBudget> = {}
  const differences: string[] = []
  const importedLater = new Set<string>()
  for (const weight of fromManifest) {
    const allowed = budget.routes[weight.route] as RouteBudget
    const loaded = await loadInBrowser(browser, pageOf(allowed.page), allowed.page.startsWith('/admin/') && allowed.page !== '/admin/login')
    const unlisted = [...loaded].filter((href) => !weight.files.includes(href))
    const unfetched = weight.files.filter((href) => !loaded.has(href))
    const mark = (size: number, limit: number) => `${kB(size)}${size > limit ? ' ✗' : ''}`
    const goal = allowed.goalJs === undefined ? '–' : `${kB(allowed.goalJs)}${weight.js > allowed.goalJs ? ` (+${kB(weight.js - allowed.goalJs)})` : ''}`
    const row = `| \`${allowed.page}\` | ${mark(weight.js, allowed.js)} | ${kB(total(loaded, '.js'))} | ${kB(total(unlisted, '.js'))} | ${mark(weight.css, allowed.css)} | ${kB(allowed.js)} | ${kB(allowed.css)} | ${goal} |`
    console.log(row)
    lines.push(row)
    if (allowed.goalJs !== undefined) shopperPages.push({ page: allowed.page, js: weight.js, goal: allowed.goalJs })
    for (const href of unlisted) importedLater.add(href.replace(/-[\w-]{8}\.js$/, '.js'))
    if (unfetched.length > 0) differences.push(`${allowed.page}: in the manifest, not fetched: ${unfetched.join(', ')}`)
    const withMargin = (size: number) => Math.ceil((size * (1 + budget.margin)) / 100) * 100
    updated[weight.route] = { ...allowed, js: withMargin(weight.js), css: withMargin(weight.css) }
  }
  await browser.close()
  const later = importedLater.size === 0 ? '' : ` Besides those, once interactive, the pages imported ${[...importedLater].join(' and ')}.`
  const agreement = differences.length === 0 ? `Chromium fetched every file the manifest lists, on every page.${later}` : differences.join('\n')
  console.log(`\n${agreement}`)
  reportSection('Page weight: first-load JS and CSS per page, gzip', `${lines.join('\n')}\n\n(kB of 1,000 bytes.) ${agreement}`)
  const heaviest = shopperPages.reduce((worst, page) => (page.js > worst.js ? page : worst))
  const over = shopperPages.filter((page) => page.js > page.goal)
  reportGoal({
    goal: 'JavaScript on every shopper page, gzip',
    target: `≤ ${kB(heaviest.goal)}`,
    measured: `heaviest ${kB(heaviest.js)} (\`${heaviest.page}\`)`,
    met: over.length === 0,
    left: `${over.length} of ${shopperPages.length} shopper pages are over; see performance.md, "Page weight", for what the remaining bytes are.`,
  })
  if (values['update-budget']) {
    writeFileSync(budgetFile, `${JSON.stringify({ ...budget, measured: new Date().toISOString().slice(0, 10), routes: updated }, null, 2)}\n`)
    console.log('\nperformance-budget.json: budgets set to these sizes plus the margin')
  }
} finally {
  server.kill()
  rmSync(folder, { recursive: true, force: true })
}
