// Times /api/products over HTTP against the production build and a 100,000-product database.
// Usage: npm run bench -- products [--products 100000 --runs 50]
import { spawn } from 'node:child_process'
import { parseArgs } from 'node:util'
import { openDatabase } from '../../db/connection.ts'
import { applyMigrations } from '../../db/migrate.ts'
import { seedDatabase } from '../../db/seed.ts'
import { markdownTable, reportGoal, reportSection } from './report.ts'

const { values } = parseArgs({ allowPositionals: true, options: { products: { type: 'string', default: '100000' }, runs: { type: 'string', default: '50' } } })
const products = Number(values.products)
const runs = Number(values.runs)
const DATABASE_PATH = 'data/bench.db'
const PORT = 3199

const db = openDatabase(DATABASE_PATH)
applyMigrations(db)
const { count } = db.$client.prepare('SELECT count(*) AS count FROM products').get() as { count: number }
if (count !== products) {
  console.log(`Seeding ${DATABASE_PATH} with ${products.toLocaleString('en-US')} products…`)
  const started = performance.now()
  seedDatabase(db, { products, adminEmail: 'admin@cartwheel.test', adminPassword: 'cartwheel-admin' })
  console.log(`  seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`)
}
db.$client.close()

const server = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts'], {
  // React and the router render with their production builds, as `npm run serve` has them.
  env: { ...process.env, NODE_ENV: 'production', PORT: String(PORT), DATABASE_PATH },
  stdio: ['ignore', 'ignore', 'inherit'],
})

async function waitForServer() {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      if ((await fetch(`http://localhost:${PORT}/api/health`)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error('The server did not start')
}

const cases = [
  'category=desks&inStock=true&minPrice=20000&maxPrice=80000&sort=price-asc&page=3',
  'category=lighting&sort=newest&page=10',
  'inStock=true&sort=name&page=50',
  'minPrice=1000&maxPrice=5000&sort=price-desc&page=2&pageSize=100',
  'q=walnut&sort=relevance&page=2',
  'q=oak%20desk&category=desks&inStock=true&sort=price-asc',
  'sort=newest&page=4000',
]

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

try {
  await waitForServer()
  console.log(`\nGET /api/products on ${products.toLocaleString('en-US')} products, ${runs} sequential runs each (ms):`)
  console.log('p50     p95     max     total  query')
  const rows: Array<{ p50: number; p95: number; max: number; total: number; query: string }> = []
  for (const query of cases) {
    const url = `http://localhost:${PORT}/api/products?${query}`
    await fetch(url) // warm-up
    const times: number[] = []
    let total = 0
    for (let run = 0; run < runs; run++) {
      const started = performance.now()
      const response = await fetch(url)
      const body = (await response.json()) as { total: number }
      times.push(performance.now() - started)
      total = body.total
    }
    times.sort((a, b) => a - b)
    const cell = (value: number) => value.toFixed(1).padEnd(8)
    console.log(`${cell(percentile(times, 50))}${cell(percentile(times, 95))}${cell(times.at(-1) ?? 0)}${String(total).padEnd(7)}${query}`)
    rows.push({ p50: percentile(times, 50), p95: percentile(times, 95), max: times.at(-1) ?? 0, total, query })
  }
  const ms = (value: number) => value.toFixed(1)
  reportSection(
    `GET /api/products on ${products.toLocaleString('en-US')} products`,
    `${runs} sequential requests per query after a warm-up, from \`fetch()\` to the parsed JSON (ms):\n\n${markdownTable(
      ['p50', 'p95', 'max', 'total', 'query'],
      rows.map((row) => [ms(row.p50), ms(row.p95), ms(row.max), row.total.toLocaleString('en-US'), `\`${row.query}\``]),
    )}`,
  )
  const slowest = rows.reduce((worst, row) => (row.p50 > worst.p50 ? row : worst))
  reportGoal({
    goal: `/api/products on ${products.toLocaleString('en-US')} products, p50 end to end`,
    target: '≤ 5 ms for every query',
    measured: `slowest p50 ${ms(slowest.p50)} ms (\`${slowest.query}\`)`,
    met: slowest.p50 <= 5,
    left: `${rows.filter((row) => row.p50 > 5).length} of ${rows.length} queries have a p50 over 5 ms; the slowest is \`${slowest.query}\`.`,
  })
} finally {
  server.kill()
}
