// Checkouts per second: fills many carts, then checks them all out at once against the production
// build, and proves afterwards that no unit was sold twice (stock + units sold is unchanged per product).
// Usage: npm run bench -- checkouts [--carts 300 --rounds 5 --warmup 1 --port 3161]
// The warm-up rounds run first, checked like the others but not counted: the server's first
// checkouts also pay for compiling its code (the other benches warm up too).
// Needs a build (`npm run bench` builds first). Starts its own production server on a fresh database.
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { startBenchServer, waitForServer } from './production-server.ts'
import { markdownTable, reportGoal, reportSection } from './report.ts'

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { carts: { type: 'string', default: '300' }, rounds: { type: 'string', default: '5' }, warmup: { type: 'string', default: '1' }, port: { type: 'string', default: '3161' }, profile: { type: 'string' } },
  allowPositionals: true,
})
const carts = Number(values.carts)
const rounds = Number(values.rounds)
const warmup = Number(values.warmup)
const origin = `http://127.0.0.1:${values.port}`
const folder = mkdtempSync(join(tmpdir(), 'cartwheel-checkout-bench-'))

// One address sends every request: its write budgets are raised, the per-cart ones stay as they are.
const server = startBenchServer({
  port: Number(values.port),
  databasePath: join(folder, 'shop.db'),
  env: { SEED_PRODUCTS: '2000', CART_WRITES_PER_MINUTE: '1000000', CHECKOUTS_PER_MINUTE: '1000000' },
  nodeOptions: values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : [],
})
server.stderr.pipe(process.stderr)


const checkoutDetails = { email: 'bench@example.com', name: 'Ada Lovelace', address: { line1: '1 Bench Row', city: 'Leeds', postalCode: 'LS1 1AA', country: 'GB' } }
type OrderBody = { lines: Array<{ productId: number; quantity: number }> }

async function send(method: string, path: string, cookie: string | undefined, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${origin}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}), ...headers },
    body: JSON.stringify(body),
  })
  return { status: response.status, cookie: response.headers.get('set-cookie')?.split(';')[0] ?? cookie, body: (await response.json()) as unknown }
}

async function stockOf(ids: number[]) {
  const answer = (await (await fetch(`${origin}/api/stock?ids=${ids.join(',')}`)).json()) as { items: Array<{ productId: number; stock: number }> }
  return new Map(answer.items.map((item) => [item.productId, item.stock]))
}

/** Runs `task` for every item, `width` at a time. */
async function inBatches<T>(items: T[], width: number, task: (item: T) => Promise<void>) {
  for (let start = 0; start < items.length; start += width) await Promise.all(items.slice(start, start + width).map(task))
}

/**
 * One round: `carts` carts of three lines each from 200 products, and one in ten also wants a
 * unit of a scarce product (stock 1 to 5), so some checkouts race for the last units.
 */
async function round(number: number) {
  const first = (number - 1) * 200 + 1
  const pool = Array.from({ length: 200 }, (_, index) => first + index)
  const before = await stockOf(pool)
  const inStock = pool.filter((id) => (before.get(id) ?? 0) >= 3)
  const scarce = pool.find((id) => (before.get(id) ?? 0) >= 1 && (before.get(id) ?? 0) <= 5) ?? inStock[0]
  const cookies: string[] = []
  await inBatches(
    Array.from({ length: carts }, (_, cart) => cart),
    25,
    async (cart) => {
      let cookie: string | undefined
      const wanted = [0, 1, 2].map((line) => inStock[(cart * 3 + line) % inStock.length] as number)
      if (cart % 10 === 0 && scarce !== undefined) wanted.push(scarce)
      for (const productId of new Set(wanted)) {
        const added = await send('POST', '/api/cart/lines', cookie, { productId, quantity: 1 })
        if (added.status !== 200) throw new Error(`Adding product ${productId}: ${added.status} ${JSON.stringify(added.body)}`)
        cookie = added.cookie
      }
      cookies.push(cookie as string)
    },
  )

  const started = performance.now()
  const window = [process.hrtime.bigint() / 1000n]
  const answers = await Promise.all(cookies.map((cookie) => send('POST', '/api/checkout', cookie, checkoutDetails, { 'idempotency-key': randomUUID() })))
  const seconds = (performance.now() - started) / 1000
  window.push(process.hrtime.bigint() / 1000n)
  // The server's CPU profile stamps its samples with the same monotonic clock: this picks out the checkouts.
  if (values.profile) console.log(`  checkouts between ${window.join(' and ')} µs (monotonic clock)`)

  const placed = answers.filter((answer) => answer.status === 201)
  const refused = answers.filter((answer) => answer.status === 409)
  const other = answers.filter((answer) => answer.status !== 201 && answer.status !== 409)
  if (other.length > 0) throw new Error(`Unexpected answers: ${other.map((answer) => `${answer.status} ${JSON.stringify(answer.body)}`).join('; ')}`)

  // No oversell: what a product had is what it has now plus what the placed orders took of it.
  const after = await stockOf(pool)
  const sold = new Map<number, number>()
  for (const answer of placed) for (const line of (answer.body as OrderBody).lines) sold.set(line.productId, (sold.get(line.productId) ?? 0) + line.quantity)
  const broken = pool.filter((id) => (before.get(id) ?? 0) !== (after.get(id) ?? 0) + (sold.get(id) ?? 0) || (after.get(id) ?? 0) < 0)
  if (broken.length > 0) throw new Error(`Stock does not add up for products ${broken.join(', ')}`)

  return { perSecond: answers.length / seconds, seconds, placed: placed.length, refused: refused.length, scarceLeft: scarce === undefined ? 0 : after.get(scarce) }
}

try {
  await waitForServer(origin)
  console.log(`\n${carts} carts checked out at once, ${rounds} rounds after ${warmup} to warm up (production build, one process):`)
  console.log('round    checkouts/s  ms     placed  refused (short)  scarce left')
  const rates: number[] = []
  const results: Array<Awaited<ReturnType<typeof round>>> = []
  for (let number = 1; number <= warmup + rounds; number++) {
    const result = await round(number)
    const counted = number > warmup
    if (counted) {
      rates.push(result.perSecond)
      results.push(result)
    }
    console.log(
      `${(counted ? String(number - warmup) : 'warm-up').padEnd(9)}${result.perSecond.toFixed(0).padEnd(13)}${(result.seconds * 1000).toFixed(0).padEnd(7)}${String(result.placed).padEnd(8)}${String(result.refused).padEnd(17)}${result.scarceLeft}`,
    )
  }
  const sorted = [...rates].sort((a, b) => a - b)
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0
  console.log(`median ${median.toFixed(0)} checkouts/s; stock + units sold unchanged for every product (no oversell)`)
  reportSection(
    `Checkouts per second, ${carts} carts at once`,
    `${markdownTable(
      ['round', 'checkouts/s', 'ms', 'placed', 'refused (short)', 'scarce left'],
      results.map((result, index) => [index + 1, result.perSecond.toFixed(0), (result.seconds * 1000).toFixed(0), result.placed, result.refused, result.scarceLeft ?? 0]),
    )}\n\nMedian ${median.toFixed(0)} checkouts/s. After every round, each product's stock plus the units its placed orders took equals what it had: no oversell. ${warmup} round${warmup === 1 ? '' : 's'} to warm up ran first, checked the same way, not counted.`,
  )
  reportGoal({
    goal: `checkouts/s, ${carts} concurrent carts, no oversell`,
    target: '≥ 1,000',
    measured: `median ${median.toFixed(0)} of ${rounds} rounds; no oversell`,
    met: median >= 1000,
    left: 'SQLite\'s own work inside the transaction; see performance.md, "Checkouts per second".',
  })
} finally {
  server.kill('SIGTERM')
  await new Promise((resolve) => server.once('exit', resolve))
  rmSync(folder, { recursive: true, force: true })
}
