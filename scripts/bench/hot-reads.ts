// Times the reads every page makes (categories, a product, a stock batch, a cart) over HTTP
// against the production build, one request at a time, then 16 at a time.
// Usage: npm run bench -- hot-reads [--products 100000 --runs 500 --port 3162]
// Needs a build (`npm run bench` builds first). Seeds data/bench-reads-<products>.db once.
import { parseArgs } from 'node:util'
import { percentile, startBenchServer, waitForServer } from './production-server.ts'
import { markdownTable, reportSection } from './report.ts'

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { products: { type: 'string', default: '100000' }, runs: { type: 'string', default: '500' }, port: { type: 'string', default: '3162' } },
  allowPositionals: true,
})
const runs = Number(values.runs)
const origin = `http://127.0.0.1:${values.port}`

const server = startBenchServer({
  port: Number(values.port),
  databasePath: `data/bench-reads-${values.products}.db`,
  env: { SEED_PRODUCTS: String(values.products) },
})
server.stderr.pipe(process.stderr)



async function timeOne(url: string, headers: Record<string, string>) {
  const started = performance.now()
  const response = await fetch(url, { headers })
  await response.arrayBuffer()
  if (!response.ok) throw new Error(`${url}: ${response.status}`)
  return performance.now() - started
}

const measured: string[][] = []

async function measure(path: string, headers: Record<string, string> = {}) {
  const url = `${origin}${path}`
  for (let run = 0; run < 50; run++) await timeOne(url, headers)
  const times: number[] = []
  for (let run = 0; run < runs; run++) times.push(await timeOne(url, headers))
  times.sort((a, b) => a - b)
  // Throughput: 16 requests in flight for two seconds.
  let done = 0
  const until = performance.now() + 2_000
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (performance.now() < until) {
        await timeOne(url, headers)
        done += 1
      }
    }),
  )
  const cell = (value: number) => value.toFixed(2).padEnd(8)
  const shown = path.replace(/ids=[\d,]+/, 'ids=<24 ids>')
  console.log(`${cell(percentile(times, 50))}${cell(percentile(times, 95))}${String(Math.round(done / 2)).padEnd(8)}${shown}`)
  measured.push([percentile(times, 50).toFixed(2), percentile(times, 95).toFixed(2), Math.round(done / 2).toLocaleString('en-US'), `\`${shown}\``])
}

try {
  await waitForServer(origin, { patienceMs: 120_000 })
  const page = (await (await fetch(`${origin}/api/products?sort=name&pageSize=24`)).json()) as { items: Array<{ id: number; slug: string; stock: number }> }
  const ids = page.items.map((item) => item.id)
  const inStock = page.items.filter((item) => item.stock > 0).slice(0, 3)
  let cookie = ''
  for (const item of inStock) {
    const added = await fetch(`${origin}/api/cart/lines`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify({ productId: item.id, quantity: 1 }),
    })
    cookie = added.headers.get('set-cookie')?.split(';')[0] ?? cookie
  }
  console.log(`\nHot reads on ${Number(values.products).toLocaleString('en-US')} products, ${runs} sequential runs each, then 16 in flight:`)
  console.log('p50 ms  p95 ms  req/s   path')
  await measure('/api/categories')
  await measure(`/api/products/${page.items[0]?.slug}`)
  await measure(`/api/stock?ids=${ids.join(',')}`)
  await measure('/api/cart', { cookie })
  reportSection(
    `Hot reads on ${Number(values.products).toLocaleString('en-US')} products`,
    `${runs} sequential requests each after a warm-up, then 16 in flight for 2 s:\n\n${markdownTable(['p50 ms', 'p95 ms', 'req/s', 'path'], measured)}`,
  )
} finally {
  server.kill('SIGTERM')
  await new Promise((resolve) => server.once('exit', resolve))
}
