// The same figures on PostgreSQL beside SQLite, each engine on this machine: /api/products on
// 100,000 products, checkouts per second (one process, and two on one PostgreSQL), server rendering
// of a product page (one process, and two), and how fast a live event crosses from one process to
// another. PostgreSQL is a throwaway cluster this bench starts (tests/support/postgres-server.ts:
// initdb into a temporary folder, fsync off) and stops, with every server, even when a step fails.
// Usage: npm run bench -- postgres [--products 100000 --runs 50 --carts 300 --rounds 5
//        --connections 16 --duration 10 --ssr-rounds 3 --changes 50 --port 3400
//        --address-per-cart --checkouts-only]
// Needs a build (`npm run bench` builds first) and PostgreSQL's server binaries (Debian's
// `postgresql` package, or POSTGRES_BIN). No goals: the issue asks for the same figures, not targets.
// The machine runs other work too: `uptime` at the start and the end goes into the report.
import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { openDatabase } from '../../db/connection.ts'
import { applyMigrations } from '../../db/migrate.ts'
import { applyPostgresMigrations, openPostgres, type PostgresDatabase } from '../../db/postgres/connection.ts'
import { seedPostgres } from '../../db/postgres/seed.ts'
import { seedDatabase } from '../../db/seed.ts'
import type { Database } from '../../db/work.ts'
import { listProducts } from '../../app/features/catalog/catalog.server.ts'
import { productListQuerySchema } from '../../app/features/catalog/catalog.schemas.ts'
import { startPostgres, type PostgresServer } from '../../tests/support/postgres-server.ts'
import { percentile, PRODUCT_QUERY_CASES, startBenchServer, stopBenchServer, timeRuns, waitForServer } from './production-server.ts'
import { markdownTable, reportSection } from './report.ts'

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    products: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '50' },
    carts: { type: 'string', default: '300' },
    rounds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '16' },
    duration: { type: 'string', default: '10' },
    'ssr-rounds': { type: 'string', default: '3' },
    changes: { type: 'string', default: '50' },
    'address-per-cart': { type: 'boolean', default: false },
    'checkouts-only': { type: 'boolean', default: false },
    port: { type: 'string', default: '3400' },
  },
  allowPositionals: true,
})
const products = Number(values.products)
const runs = Number(values.runs)
const carts = Number(values.carts)
const rounds = Number(values.rounds)
const connections = Number(values.connections)
const duration = Number(values.duration)
const ssrRounds = Number(values['ssr-rounds'])
const changes = Number(values.changes)
// The checkouts bench sends every request from one address, with that address's budgets raised. With
// this flag each cart has an address of its own (X-Forwarded-For, the servers trusting it), as
// shoppers do: on PostgreSQL every rate-limit take on one address waits for the one before.
const addressPerCart = values['address-per-cart']
const checkoutsOnly = values['checkouts-only']
let nextPort = Number(values.port)
const SQLITE_100K = 'data/bench.db'
const SEED = { adminEmail: 'admin@cartwheel.test', adminPassword: 'cartwheel-admin' }
const folder = mkdtempSync(join(tmpdir(), 'cartwheel-postgres-bench-'))

const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim()
const loadAtStart = uptime()
console.log(`Load at start: ${loadAtStart}`)
console.log('Other work runs on this machine at the same time: every figure below carries that noise.')

type Server = { origin: string; child: ReturnType<typeof startBenchServer> }
const servers: Server[] = []
const pools: PostgresDatabase[] = []
let sqlite100k: ReturnType<typeof openDatabase> | undefined
let postgres: PostgresServer | undefined
let postgresVersion: string | undefined
let abortedByClient = 0

/** What is left running when the bench ends some other way than through its `finally`. */
function stopEverything() {
  for (const server of servers) if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGTERM')
  postgres?.stop()
  rmSync(folder, { recursive: true, force: true })
}
// Stopped by a signal (Ctrl-C), or exiting on an uncaught error: the servers and the cluster go too.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(1))
process.once('exit', stopEverything)

/** A production server on the next port: SQLite at `databasePath`, or PostgreSQL at `databaseUrl`. */
function serve({ databasePath, databaseUrl, env = {} }: { databasePath?: string; databaseUrl?: string; env?: Record<string, string> }): Server {
  const port = nextPort++
  const child = startBenchServer({
    port,
    // Unused with DATABASE_URL, but the setting must name a file.
    databasePath: databasePath ?? join(folder, 'unused.db'),
    env: { ...env, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
  })
  // autocannon ends a run with requests in flight: the server's one line per aborted request is
  // counted, not printed. Everything else it writes to stderr is.
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (text: string) => {
    const lines = text.split('\n').filter((line) => {
      if (!line.includes('the connection closed before the answer was sent')) return line !== ''
      abortedByClient += 1
      return false
    })
    if (lines.length > 0) process.stderr.write(`${lines.join('\n')}\n`)
  })
  const server = { origin: `http://127.0.0.1:${port}`, child }
  servers.push(server)
  return server
}

/** A new PostgreSQL database, migrated and seeded with `count` products (and analysed, as the seed does). */
async function seededPostgres(name: string, count: number) {
  const url = (postgres as PostgresServer).createDatabase(name)
  const db = openPostgres(url)
  pools.push(db)
  const started = performance.now()
  await applyPostgresMigrations(db)
  await seedPostgres(db, { products: count, ...SEED })
  console.log(`  seeded PostgreSQL database ${name} with ${count.toLocaleString('en-US')} products in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  return { url, db }
}

const ms = (value: number) => value.toFixed(1)
const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)] ?? 0

// 1. /api/products on 100,000 products, the products bench's cases.
const cases = PRODUCT_QUERY_CASES

const time = (task: () => unknown) => timeRuns(runs, task)

async function productsOnBoth() {
  console.log(`\n1. GET /api/products on ${products.toLocaleString('en-US')} products`)
  sqlite100k = openDatabase(SQLITE_100K)
  applyMigrations(sqlite100k)
  const { count } = sqlite100k.$client.prepare('SELECT count(*) AS count FROM products').get() as { count: number }
  if (count !== products) {
    const started = performance.now()
    seedDatabase(sqlite100k, { products, ...SEED })
    console.log(`  seeded ${SQLITE_100K} with ${products.toLocaleString('en-US')} products in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  }
  const pg = await seededPostgres('products', products)
  const onSqlite = serve({ databasePath: SQLITE_100K })
  const onPostgres = serve({ databaseUrl: pg.url })
  await Promise.all([waitForServer(onSqlite.origin, { patienceMs: 120_000 }), waitForServer(onPostgres.origin, { patienceMs: 120_000 })])

  const engines: Array<{ origin: string; db: Database }> = [
    { origin: onSqlite.origin, db: sqlite100k },
    { origin: onPostgres.origin, db: pg.db },
  ]
  console.log(`  ${runs} sequential runs per query, p50 ms: over HTTP, and listProducts in this process`)
  console.log('  SQLite HTTP  SQLite list  PG HTTP  PG list  total    query')
  const rows: Array<{ cells: number[]; totals: number[]; query: string }> = []
  for (const query of cases) {
    const filters = productListQuerySchema.parse(Object.fromEntries(new URLSearchParams(query)))
    const cells: number[] = []
    const totals: number[] = []
    for (const { origin, db } of engines) {
      let total = 0
      const http = await time(async () => {
        total = ((await (await fetch(`${origin}/api/products?${query}`)).json()) as { total: number }).total
      })
      cells.push(percentile(http, 50), percentile(await time(() => listProducts(db, filters)), 50))
      totals.push(total)
    }
    // Both engines must answer the same question with the same count, or the comparison means nothing.
    if (totals[0] !== totals[1]) throw new Error(`${query}: SQLite counts ${totals[0]}, PostgreSQL ${totals[1]}`)
    rows.push({ cells, totals, query })
    const [a = 0, b = 0, c = 0, d = 0] = cells
    console.log(`  ${ms(a).padEnd(13)}${ms(b).padEnd(13)}${ms(c).padEnd(9)}${ms(d).padEnd(9)}${String(totals[0]).padEnd(9)}${query}`)
  }
  await Promise.all([stopBenchServer(onSqlite.child), stopBenchServer(onPostgres.child)])
  return markdownTable(
    ['SQLite HTTP p50', 'SQLite `listProducts` p50', 'PostgreSQL HTTP p50', 'PostgreSQL `listProducts` p50', 'total', 'query'],
    rows.map(({ cells, totals, query }) => [...cells.map(ms), (totals[0] ?? 0).toLocaleString('en-US'), `\`${query}\``]),
  )
}

// 2. to 4.: three set-ups on 2,000 products each, as the checkouts and ssr benches seed.
type Setup = { name: string; origins: string[]; pids: () => Array<number | undefined> }

const checkoutDetails = { email: 'bench@example.com', name: 'Ada Lovelace', address: { line1: '1 Bench Row', city: 'Leeds', postalCode: 'LS1 1AA', country: 'GB' } }
type OrderBody = { lines: Array<{ productId: number; quantity: number }> }

async function send(origin: string, method: string, path: string, cookie: string | undefined, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${origin}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  return { status: response.status, cookie: response.headers.get('set-cookie')?.split(';')[0] ?? cookie, body: (text ? JSON.parse(text) : undefined) as unknown }
}

async function stockOf(origin: string, ids: number[]) {
  const answer = (await (await fetch(`${origin}/api/stock?ids=${ids.join(',')}`)).json()) as { items: Array<{ productId: number; stock: number }> }
  return new Map(answer.items.map((item) => [item.productId, item.stock]))
}

async function inBatches<T>(items: T[], width: number, task: (item: T) => Promise<void>) {
  for (let start = 0; start < items.length; start += width) await Promise.all(items.slice(start, start + width).map(task))
}

/**
 * One round of the checkouts bench (scripts/bench/checkouts.ts): `carts` carts of three lines from
 * 200 products, one in ten also after a scarce product, all checked out at once; cart n fills and
 * checks out on origin n mod the set-up's processes. Afterwards no product sold a unit it lacked.
 */
async function checkoutRound({ origins }: Setup, number: number) {
  const first = (number - 1) * 200 + 1
  const pool = Array.from({ length: 200 }, (_, index) => first + index)
  const [reader = ''] = origins
  const before = await stockOf(reader, pool)
  const inStock = pool.filter((id) => (before.get(id) ?? 0) >= 3)
  const scarce = pool.find((id) => (before.get(id) ?? 0) >= 1 && (before.get(id) ?? 0) <= 5) ?? inStock[0]
  const filled: Array<{ origin: string; cookie: string; from: Record<string, string> }> = []
  await inBatches(
    Array.from({ length: carts }, (_, cart) => cart),
    25,
    async (cart) => {
      const origin = origins[cart % origins.length] as string
      const from: Record<string, string> = addressPerCart ? { 'x-forwarded-for': `10.${number}.${cart >> 8}.${cart & 255}` } : {}
      let cookie: string | undefined
      const wanted = [0, 1, 2].map((line) => inStock[(cart * 3 + line) % inStock.length] as number)
      if (cart % 10 === 0 && scarce !== undefined) wanted.push(scarce)
      for (const productId of new Set(wanted)) {
        const added = await send(origin, 'POST', '/api/cart/lines', cookie, { productId, quantity: 1 }, from)
        if (added.status !== 200) throw new Error(`Adding product ${productId}: ${added.status} ${JSON.stringify(added.body)}`)
        cookie = added.cookie
      }
      filled.push({ origin, cookie: cookie as string, from })
    },
  )
  const started = performance.now()
  const answers = await Promise.all(filled.map(({ origin, cookie, from }) => send(origin, 'POST', '/api/checkout', cookie, checkoutDetails, { 'idempotency-key': randomUUID(), ...from })))
  const seconds = (performance.now() - started) / 1000
  const placed = answers.filter((answer) => answer.status === 201)
  const other = answers.filter((answer) => answer.status !== 201 && answer.status !== 409)
  if (other.length > 0) throw new Error(`Unexpected answers: ${other.map((answer) => `${answer.status} ${JSON.stringify(answer.body)}`).join('; ')}`)
  // Read back from the last process: on two, the other one than most first reads came from.
  const after = await stockOf(origins.at(-1) as string, pool)
  const sold = new Map<number, number>()
  for (const answer of placed) for (const line of (answer.body as OrderBody).lines) sold.set(line.productId, (sold.get(line.productId) ?? 0) + line.quantity)
  const broken = pool.filter((id) => (before.get(id) ?? 0) !== (after.get(id) ?? 0) + (sold.get(id) ?? 0) || (after.get(id) ?? 0) < 0)
  if (broken.length > 0) throw new Error(`Oversold: stock does not add up for products ${broken.join(', ')}`)
  return { perSecond: answers.length / seconds, placed: placed.length, refused: answers.length - placed.length }
}

async function checkouts(setups: Setup[]) {
  console.log(`\n2. ${carts} carts checked out at once${addressPerCart ? ' (an address per cart)' : ''}, ${rounds} rounds after 1 to warm up, set-ups in turn each round`)
  const rates = new Map(setups.map((setup) => [setup, [] as number[]]))
  for (let number = 1; number <= rounds + 1; number++) {
    for (const setup of setups) {
      const result = await checkoutRound(setup, number)
      if (number > 1) rates.get(setup)?.push(result.perSecond)
      console.log(`  ${number === 1 ? 'warm-up' : `round ${number - 1}`}  ${setup.name.padEnd(26)} ${result.perSecond.toFixed(0).padStart(5)} checkouts/s  ${result.placed} placed, ${result.refused} refused; no oversell`)
    }
  }
  return setups.map((setup) => {
    const measured = rates.get(setup) ?? []
    return { setup, median: median(measured), min: Math.min(...measured), max: Math.max(...measured) }
  })
}

/** CPU time a process has used so far, in ms (user + system, from /proc; NaN where there is none). */
function cpuMsOf(pid: number | undefined) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
  } catch {
    return NaN
  }
}

/** Every product page, sorted by name, from the set-up's first process. */
async function productPaths(origin: string) {
  const paths: string[] = []
  for (let page = 1; ; page++) {
    const answer = (await (await fetch(`${origin}/api/products?sort=name&pageSize=100&page=${page}`)).json()) as { items: Array<{ slug: string }>; totalPages: number }
    paths.push(...answer.items.map((item) => `/products/${item.slug}`))
    if (page >= answer.totalPages) return paths
  }
}

/**
 * Product pages for `seconds`, as the ssr bench loads them (every product in turn, every answer a
 * 200): one autocannon per process, all at once, the connections split between them; summed.
 */
async function ssrLoad({ origins, pids }: Setup, paths: string[], seconds: number) {
  const cpuBefore = pids().map(cpuMsOf)
  const results = await Promise.all(
    origins.map((origin, index) => {
      let next = index
      return autocannon({
        url: origin,
        connections: Math.ceil(connections / origins.length),
        duration: seconds,
        requests: [{ setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] as string }) }],
      })
    }),
  )
  for (const result of results) if (result.errors > 0 || result.non2xx > 0) throw new Error(`${result.url}: ${result.errors} errors, ${result.non2xx} answers other than 2xx`)
  const answers = results.reduce((sum, result) => sum + result['2xx'], 0)
  const cpuMs = pids()
    .map(cpuMsOf)
    .reduce((sum, cpu, index) => sum + cpu - (cpuBefore[index] ?? NaN), 0)
  return {
    perSecond: results.reduce((sum, result) => sum + result['2xx'] / result.duration, 0),
    p50: Math.max(...results.map((result) => result.latency.p50)),
    p99: Math.max(...results.map((result) => result.latency.p99)),
    cpuMs: cpuMs / answers,
  }
}

async function ssr(setups: Setup[]) {
  console.log(`\n3. Product pages (SSR): ${connections} connections in all, ${duration} s per run after 3 s of warm-up, ${ssrRounds} rounds, set-ups in turn`)
  const paths = new Map<Setup, string[]>()
  for (const setup of setups) paths.set(setup, await productPaths(setup.origins[0] as string))
  for (const setup of setups) await ssrLoad(setup, paths.get(setup) ?? [], 3)
  const measured = new Map(setups.map((setup) => [setup, [] as Array<Awaited<ReturnType<typeof ssrLoad>>>]))
  for (let number = 1; number <= ssrRounds; number++) {
    for (const setup of setups) {
      const result = await ssrLoad(setup, paths.get(setup) ?? [], duration)
      measured.get(setup)?.push(result)
      console.log(`  round ${number}  ${setup.name.padEnd(26)} ${result.perSecond.toFixed(0).padStart(5)} req/s  p50 ${result.p50} ms  p99 ${result.p99} ms  ${result.cpuMs.toFixed(2)} ms server CPU per answer`)
    }
  }
  return setups.map((setup) => {
    const results = measured.get(setup) ?? []
    const of = (key: 'perSecond' | 'p50' | 'p99' | 'cpuMs') => median(results.map((result) => result[key]))
    return { setup, perSecond: of('perSecond'), p50: of('p50'), p99: of('p99'), cpuMs: of('cpuMs') }
  })
}

// 4. Live latency: an admin's stock change, committed on one process, to its `stock` event read
// from an /api/events stream held open on another (or the same) process.
type StockEvent = { productId: number; stock: number }

/** An open /api/events stream, read in this process: `next` resolves with the first `stock` event `matches` accepts. */
async function openStream(origin: string) {
  const abort = new AbortController()
  const response = await fetch(`${origin}/api/events`, { signal: abort.signal })
  if (!response.ok || !response.body) throw new Error(`${origin}/api/events: ${response.status}`)
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
  const waiting = new Set<{ matches: (event: StockEvent) => boolean; resolve: (at: number) => void }>()
  let hello: () => void = () => {}
  const helloSeen = new Promise<void>((resolve) => (hello = resolve))
  let buffer = ''
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) return
        const at = performance.now()
        buffer += value
        let end: number
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const type = /^event: (.*)$/m.exec(frame)?.[1]
          const data = /^data: (.*)$/m.exec(frame)?.[1]
          if (type === 'hello') hello()
          if (type !== 'stock' || data === undefined) continue
          const event = JSON.parse(data) as StockEvent
          for (const waiter of [...waiting]) {
            if (!waiter.matches(event)) continue
            waiting.delete(waiter)
            waiter.resolve(at)
          }
        }
      }
    } catch {
      // Aborted when the bench closes the stream.
    }
  })()
  await helloSeen
  return {
    next: (matches: (event: StockEvent) => boolean) => new Promise<number>((resolve) => waiting.add({ matches, resolve })),
    close: () => abort.abort(),
  }
}

/** An admin client of `origin` with its own session cookie. */
async function signInAdmin(origin: string) {
  const signedIn = await send(origin, 'POST', '/api/admin/session', undefined, { email: SEED.adminEmail, password: SEED.adminPassword })
  if (signedIn.status >= 300) throw new Error(`Admin sign-in on ${origin}: ${signedIn.status} ${JSON.stringify(signedIn.body)}`)
  return signedIn.cookie as string
}

type LivePath = { name: string; writer: string; listener: string; productId: number }

async function liveLatency(paths: LivePath[]) {
  console.log(`\n4. Live: admin stock edit committed on one process → its stock event read from /api/events (${changes} changes per path, paths in turn)`)
  const prepared = await Promise.all(
    paths.map(async (path) => {
      const cookie = await signInAdmin(path.writer)
      const stream = await openStream(path.listener)
      const version = (await (await fetch(`${path.writer}/api/stock?ids=${path.productId}`)).json()) as { items: Array<{ version: number }> }
      return { path, cookie, stream, version: version.items[0]?.version ?? 0, times: [] as number[], answered: [] as number[] }
    }),
  )
  for (let change = 0; change < changes; change++) {
    for (const one of prepared) {
      // A stock other than the last, so every edit is a change and publishes.
      const stock = 10 + (change % 2)
      const received = one.stream.next((event) => event.productId === one.path.productId && event.stock === stock)
      const sent = performance.now()
      const answer = await send(one.path.writer, 'PATCH', `/api/admin/products/${one.path.productId}`, one.cookie, { stock, version: one.version })
      one.answered.push(performance.now() - sent)
      if (answer.status !== 200) throw new Error(`Stock edit on ${one.path.writer}: ${answer.status} ${JSON.stringify(answer.body)}`)
      one.version = (answer.body as { version: number }).version
      one.times.push((await received) - sent)
    }
  }
  for (const one of prepared) one.stream.close()
  return prepared.map(({ path, times, answered }) => {
    const sorted = [...times].sort((a, b) => a - b)
    const answeredP50 = percentile([...answered].sort((a, b) => a - b), 50)
    const result = { name: path.name, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1) ?? 0, answeredP50 }
    console.log(`  ${path.name.padEnd(38)} event p50 ${ms(result.p50)} ms  p95 ${ms(result.p95)} ms  max ${ms(result.max)} ms; the edit's own answer p50 ${ms(answeredP50)} ms`)
    return result
  })
}

let failed = false
try {
  postgres = await startPostgres()
  const admin = openPostgres(postgres.url, { max: 1 })
  pools.push(admin)
  postgresVersion = String((await admin.$client.query('SHOW server_version')).rows[0]?.server_version)
  console.log(`PostgreSQL ${postgresVersion}: a throwaway cluster (fsync, synchronous_commit and full_page_writes off)`)
  const productsTable = checkoutsOnly ? undefined : await productsOnBoth()

  console.log('\nStarting the set-ups for 2. to 4. (2,000 products each)…')
  const env = { CART_WRITES_PER_MINUTE: '1000000', CHECKOUTS_PER_MINUTE: '1000000', ...(addressPerCart ? { TRUST_PROXY: '1' } : {}) }
  const one = await seededPostgres('one_process', 2000)
  const two = await seededPostgres('two_processes', 2000)
  const onSqlite = serve({ databasePath: join(folder, 'shop.db'), env: { ...env, SEED_PRODUCTS: '2000' } })
  const onOne = serve({ databaseUrl: one.url, env })
  const onTwo = [serve({ databaseUrl: two.url, env }), serve({ databaseUrl: two.url, env })] as const
  const all = [onSqlite, onOne, ...onTwo]
  await Promise.all(all.map((server) => waitForServer(server.origin, { patienceMs: 120_000 })))
  const setups: Setup[] = [
    { name: 'SQLite, one process', origins: [onSqlite.origin], pids: () => [onSqlite.child.pid] },
    { name: 'PostgreSQL, one process', origins: [onOne.origin], pids: () => [onOne.child.pid] },
    { name: 'PostgreSQL, two processes', origins: onTwo.map((server) => server.origin), pids: () => onTwo.map((server) => server.child.pid) },
  ]

  const checkoutRates = await checkouts(setups)
  const ssrRates = checkoutsOnly ? [] : await ssr(setups)
  // Product 1999 is past every checkout round's pool: its stock is the admin's alone.
  const live = checkoutsOnly
    ? []
    : await liveLatency([
        { name: 'SQLite, within one process', writer: onSqlite.origin, listener: onSqlite.origin, productId: 1999 },
        { name: 'PostgreSQL, within one process', writer: onOne.origin, listener: onOne.origin, productId: 1999 },
        { name: 'PostgreSQL, process A → process B', writer: onTwo[0].origin, listener: onTwo[1].origin, productId: 1999 },
      ])
  const loadAtEnd = uptime()
  console.log(`\nLoad at end: ${loadAtEnd}`)
  console.log(`(${abortedByClient} requests aborted by the load generator at the end of its runs, not printed)`)

  const loadLine = `Other work ran on this machine (2 cores) during the run; \`uptime\` at the start: \`${loadAtStart}\`, at the end: \`${loadAtEnd}\`. The load generator runs on the same cores as the servers and PostgreSQL; treat every figure as this machine under this load, not as a capacity.`
  const postgresLine = `PostgreSQL ${postgresVersion ?? ''} is a throwaway cluster on the same machine (tests/support/postgres-server.ts: fsync, synchronous_commit and full_page_writes off: no commit waits for the disk, nor does one of SQLite's, which runs as the server runs it, WAL with synchronous=NORMAL, but PostgreSQL here never flushes at all); the server processes reach it over TCP on 127.0.0.1 with a pool of 10 connections each.`
  if (productsTable) reportSection(
    `PostgreSQL beside SQLite: GET /api/products on ${products.toLocaleString('en-US')} products`,
    `${runs} sequential requests per query after a warm-up, p50 ms, over HTTP (one server process) and through \`listProducts\` in the bench's own process; both engines count the same totals:\n\n${productsTable}`,
  )
  const checkoutsTable = markdownTable(
    ['set-up', 'checkouts/s (median)', 'lowest', 'highest'],
    checkoutRates.map((row) => [row.setup.name, row.median.toFixed(0), row.min.toFixed(0), row.max.toFixed(0)]),
  )
  reportSection(
    `PostgreSQL beside SQLite: checkouts per second, ${carts} carts at once${addressPerCart ? ', an address per cart' : ''}`,
    `${addressPerCart ? 'Each cart from an address of its own (X-Forwarded-For), otherwise the' : 'The'} checkouts bench's method, ${rounds} rounds after one to warm up, the set-ups in turn each round; on two processes cart n fills and checks out on process n mod 2. After every round each product's stock plus the units its placed orders took equals what it had: no oversell.\n\n${checkoutsTable}`,
  )
  const ssrTable = markdownTable(
    ['set-up', 'req/s (median)', 'p50 ms', 'p99 ms', 'server CPU ms per answer'],
    ssrRates.map((row) => [row.setup.name, row.perSecond.toFixed(0), row.p50.toFixed(1), row.p99.toFixed(1), row.cpuMs.toFixed(2)]),
  )
  if (!checkoutsOnly) reportSection(
    'PostgreSQL beside SQLite: product pages rendered per second',
    `Every product page in turn, ${connections} connections in all (on two processes, one autocannon per process at once with half each, summed; latency the worse of the two), ${duration} s per run after 3 s of warm-up, median of ${ssrRounds} rounds, set-ups in turn. Server CPU counts the Node processes only, not PostgreSQL's.\n\n${ssrTable}`,
  )
  const liveTable = markdownTable(
    ['path', 'event p50 ms', 'event p95 ms', 'event max ms', "the edit's own answer p50 ms"],
    live.map((row) => [row.name, ms(row.p50), ms(row.p95), ms(row.max), ms(row.answeredP50)]),
  )
  if (!checkoutsOnly) reportSection(
    'PostgreSQL beside SQLite: live events across processes',
    `From just before an admin's stock edit (PATCH) to its \`stock\` event read from an \`/api/events\` stream this bench holds open (a fetch stream reader, no browser), ${changes} edits per path, paths in turn. The last column is the PATCH's own round trip, commit included: the rest is the event's way to the stream (on PostgreSQL, an INSERT into \`live_events\` with a NOTIFY, and the listening connection of the stream's process reading the row).\n\n${liveTable}`,
  )
  reportSection('PostgreSQL beside SQLite: the machine', `${loadLine}\n\n${postgresLine}`)
  console.log(`\n${[checkoutsTable, ...(checkoutsOnly ? [] : [ssrTable, liveTable]), loadLine].join('\n\n')}`)
} catch (error) {
  failed = true
  console.error(error)
  console.log(`\nLoad at failure: ${uptime()}`)
} finally {
  await Promise.all(servers.map((server) => stopBenchServer(server.child)))
  await Promise.all(pools.map((pool) => pool.$client.end().catch(() => {})))
  sqlite100k?.$client.close()
  postgres?.stop()
  rmSync(folder, { recursive: true, force: true })
}
process.exit(failed ? 1 : 0)
