// Times /api/products against the production build and a 100,000-product database: over HTTP
// (end to end), and in this process through `listProducts` alone (the SQL and its row mapping).
// Usage: npm run bench -- products [--products 100000 --runs 50 --port 3199]
import { parseArgs } from 'node:util'
import { openDatabase } from '../../db/connection.ts'
import { applyMigrations } from '../../db/migrate.ts'
import { seedDatabase } from '../../db/seed.ts'
import { listProducts } from '../../app/features/catalog/catalog.server.ts'
import { productListQuerySchema } from '../../app/features/catalog/catalog.schemas.ts'
import { percentile, PRODUCT_QUERY_CASES, startBenchServer, timeRuns, waitForServer } from './production-server.ts'
import { markdownTable, reportGoal, reportSection } from './report.ts'

const { values } = parseArgs({
  allowPositionals: true,
  options: { products: { type: 'string', default: '100000' }, runs: { type: 'string', default: '50' }, port: { type: 'string', default: '3199' } },
})
const products = Number(values.products)
const runs = Number(values.runs)
const DATABASE_PATH = 'data/bench.db'
const origin = `http://127.0.0.1:${values.port}`

const db = openDatabase(DATABASE_PATH)
applyMigrations(db)
const { count } = db.$client.prepare('SELECT count(*) AS count FROM products').get() as { count: number }
if (count !== products) {
  console.log(`Seeding ${DATABASE_PATH} with ${products.toLocaleString('en-US')} products…`)
  const started = performance.now()
  seedDatabase(db, { products, adminEmail: 'admin@cartwheel.test', adminPassword: 'cartwheel-admin' })
  console.log(`  seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`)
}

const server = startBenchServer({ port: Number(values.port), databasePath: DATABASE_PATH })
server.stderr.pipe(process.stderr)

const cases = PRODUCT_QUERY_CASES

const time = (task: () => unknown) => timeRuns(runs, task)

try {
  await waitForServer(origin)
  console.log(`\nGET /api/products on ${products.toLocaleString('en-US')} products, ${runs} sequential runs each (ms; "listProducts" is the same query in this process, no HTTP):`)
  console.log('p50     p95     max     listProducts p50  total   query')
  const rows: Array<{ p50: number; p95: number; max: number; inProcess: number; total: number; query: string }> = []
  for (const query of cases) {
    let total = 0
    const http = await time(async () => {
      total = ((await (await fetch(`${origin}/api/products?${query}`)).json()) as { total: number }).total
    })
    const filters = productListQuerySchema.parse(Object.fromEntries(new URLSearchParams(query)))
    const inProcess = percentile(await time(() => listProducts(db, filters)), 50)
    const row = { p50: percentile(http, 50), p95: percentile(http, 95), max: http.at(-1) ?? 0, inProcess, total, query }
    rows.push(row)
    const cell = (value: number, width = 8) => value.toFixed(1).padEnd(width)
    console.log(`${cell(row.p50)}${cell(row.p95)}${cell(row.max)}${cell(inProcess, 18)}${String(total).padEnd(8)}${query}`)
  }
  const ms = (value: number) => value.toFixed(1)
  reportSection(
    `GET /api/products on ${products.toLocaleString('en-US')} products`,
    `${runs} sequential requests per query after a warm-up, from \`fetch()\` to the parsed JSON, and the same query through \`listProducts\` in the bench's own process (ms):\n\n${markdownTable(
      ['p50', 'p95', 'max', 'listProducts p50', 'total', 'query'],
      rows.map((row) => [ms(row.p50), ms(row.p95), ms(row.max), ms(row.inProcess), row.total.toLocaleString('en-US'), `\`${row.query}\``]),
    )}`,
  )
  const slowest = rows.reduce((worst, row) => (row.p50 > worst.p50 ? row : worst))
  reportGoal({
    goal: `/api/products on ${products.toLocaleString('en-US')} products, p50 end to end`,
    target: '≤ 5 ms for every query',
    measured: `slowest p50 ${ms(slowest.p50)} ms (\`${slowest.query}\`)`,
    met: slowest.p50 <= 5,
    left: `${rows.filter((row) => row.p50 > 5).length} of ${rows.length} queries have a p50 over 5 ms. The slowest, \`${slowest.query}\`, takes ${ms(slowest.inProcess)} ms in \`listProducts\` alone (bm25 ranking for a search); the rest is the HTTP round trip, with the bench's \`fetch()\` on the same cores. See performance.md, "/api/products on 100,000 products".`,
  })
} finally {
  db.$client.close()
  server.kill('SIGTERM')
  await new Promise((resolve) => server.once('exit', resolve))
}
