// Server rendering throughput: requests per second and latency for a product page and a category
// page on the production build, beside a bare renderToString server that reads the same rows from
// the same SQLite file (scripts/bench/bare-ssr-server.tsx), and a static string of a page's size
// from that same bare server (the ceiling of Node's HTTP path and of the load generator on this
// machine). The load generator (autocannon) runs in this process, on the same cores as the server.
// Usage: npm run bench -- ssr [--products 2000 --connections 16 --duration 10 --warmup 3 --rounds 3
//        --encoding identity|br|gzip --port 3310 --profile <dir> --only start-product]
// Needs a build (`npm run bench` builds first). Starts both servers on a fresh database, and with
// --profile runs the production server under `node --cpu-prof` (written to <dir> when it stops).
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import Database from 'better-sqlite3'
import { startBenchServer, waitForServer } from './production-server.ts'
import { markdownTable, reportGoal, reportSection } from './report.ts'

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    products: { type: 'string', default: '2000' },
    connections: { type: 'string', default: '16' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    encoding: { type: 'string', default: 'identity' },
    port: { type: 'string', default: '3310' },
    profile: { type: 'string' },
    only: { type: 'string' },
  },
  allowPositionals: true,
})
const connections = Number(values.connections)
const duration = Number(values.duration)
const warmup = Number(values.warmup)
const rounds = Number(values.rounds)
const encoding = values.encoding
const startOrigin = `http://127.0.0.1:${values.port}`
const bareOrigin = `http://127.0.0.1:${Number(values.port) + 1}`
const folder = mkdtempSync(join(tmpdir(), 'cartwheel-ssr-bench-'))
const databasePath = join(folder, 'shop.db')
const root = fileURLToPath(new URL('../..', import.meta.url))

const start = startBenchServer({
  port: Number(values.port),
  databasePath,
  env: { SEED_PRODUCTS: values.products },
  nodeOptions: values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : [],
})
start.stderr.pipe(process.stderr)
let bare: ReturnType<typeof spawn> | undefined

type Page = 'product' | 'category' | 'static'
type Server = 'start' | 'bare'
type Run = { page: Page; server: Server | 'static'; origin: string; paths: string[]; pid: () => number | undefined }
type Measured = { perSecond: number; p50: number; p99: number; bytes: number; cpuMs: number }

/**
 * CPU time a process has used so far, in ms (user + system, from /proc; NaN where there is none).
 * Per answer it is steadier than requests per second on a busy machine: waiting for a core costs
 * throughput, not CPU time.
 */
function cpuMsOf(pid: number | undefined) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
  } catch {
    return NaN
  }
}

/** Sends `paths` in turn, `connections` at a time, for `seconds`; every answer must be a 200. */
async function load({ origin, paths, pid }: Pick<Run, 'origin' | 'paths' | 'pid'>, seconds: number): Promise<Measured> {
  let next = 0
  const cpuBefore = cpuMsOf(pid())
  const result = await autocannon({
    url: origin,
    connections,
    duration: seconds,
    headers: encoding === 'identity' ? {} : { 'accept-encoding': encoding },
    requests: [{ setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] as string }) }],
  })
  if (result.errors > 0 || result.non2xx > 0) throw new Error(`${origin}: ${result.errors} errors, ${result.non2xx} answers other than 2xx`)
  return { perSecond: result['2xx'] / result.duration, p50: result.latency.p50, p99: result.latency.p99, bytes: result.throughput.total / result['2xx'], cpuMs: (cpuMsOf(pid()) - cpuBefore) / result['2xx'] }
}

const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)] ?? 0

try {
  await waitForServer(startOrigin, { patienceMs: 120_000 })
  // The bare server opens the file the production server seeded, read-only.
  bare = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench/bare-ssr-server.tsx', '--port', String(Number(values.port) + 1), '--database', databasePath], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  await waitForServer(bareOrigin)

  const catalog = new Database(databasePath, { readonly: true })
  // Every product in turn (sorted by name, so neighbours in the index are not neighbours in time),
  // and every category: no page is one cached row.
  const productPaths = (catalog.prepare('select slug from products order by name').pluck().all() as string[]).map((slug) => `/products/${slug}`)
  const categoryPaths = (catalog.prepare('select slug from categories order by position').pluck().all() as string[]).map((slug) => `/categories/${slug}`)
  catalog.close()

  const runs: Run[] = [
    { page: 'product', server: 'start', origin: startOrigin, paths: productPaths, pid: () => start.pid },
    { page: 'product', server: 'bare', origin: bareOrigin, paths: productPaths, pid: () => bare?.pid },
    { page: 'category', server: 'start', origin: startOrigin, paths: categoryPaths, pid: () => start.pid },
    { page: 'category', server: 'bare', origin: bareOrigin, paths: categoryPaths, pid: () => bare?.pid },
    { page: 'static', server: 'static', origin: bareOrigin, paths: ['/static'], pid: () => bare?.pid },
  ].filter((run) => !values.only || `${run.server}-${run.page}` === values.only) as Run[]

  console.log(`\nSSR throughput: ${connections} connections, ${duration} s per run after ${warmup} s of warm-up, ${rounds} rounds interleaved, Accept-Encoding: ${encoding}`)
  for (const run of runs) await load(run, warmup)
  const results = new Map(runs.map((run) => [run, [] as Measured[]]))
  if (values.profile) console.log(`  measured from ${process.hrtime.bigint() / 1000n} µs (monotonic clock)`)
  for (let number = 1; number <= rounds; number++) {
    for (const run of runs) {
      const measured = await load(run, duration)
      results.get(run)?.push(measured)
      console.log(`  round ${number}  ${`${run.server} ${run.page}`.padEnd(16)} ${measured.perSecond.toFixed(0).padStart(6)} req/s  p50 ${measured.p50} ms  p99 ${measured.p99} ms  ${measured.cpuMs.toFixed(2)} ms CPU per answer`)
    }
  }
  if (values.profile) console.log(`  measured until ${process.hrtime.bigint() / 1000n} µs (monotonic clock)`)

  const summary = runs.map((run) => {
    const measured = results.get(run) ?? []
    const of = (key: keyof Measured) => median(measured.map((m) => m[key]))
    return { run, perSecond: of('perSecond'), p50: of('p50'), p99: of('p99'), bytes: of('bytes'), cpuMs: of('cpuMs') }
  })
  const rate = (server: Run['server'], page: Page) => summary.find((row) => row.run.server === server && row.run.page === page)?.perSecond ?? NaN
  const ceiling = rate('static', 'static')
  const names = { start: 'Start (production build)', bare: 'bare renderToString', static: 'static string' }
  const table = markdownTable(
    ['page', 'server', 'req/s', 'p50 ms', 'p99 ms', 'server CPU ms per answer', 'bytes per answer', '÷ bare', '÷ static'],
    summary.map(({ run, perSecond, p50, p99, cpuMs, bytes }) => [
      run.page,
      names[run.server],
      perSecond.toFixed(0),
      p50.toFixed(1),
      p99.toFixed(1),
      cpuMs.toFixed(2),
      bytes.toFixed(0),
      run.server === 'start' ? (perSecond / rate('bare', run.page)).toFixed(2) : '',
      (perSecond / ceiling).toFixed(2),
    ]),
  )
  const setup = `${connections} connections, ${duration} s per run after ${warmup} s of warm-up, median of ${rounds} rounds run in turn; Accept-Encoding: ${encoding}; ${values.products} products; both servers one process, NODE_ENV=production, on 127.0.0.1 with the load generator (autocannon) on the same cores.`
  console.log(`\n${table}\n\n${setup}`)
  reportSection(`Server rendering: requests per second (${encoding})`, `${table}\n\n${setup}`)

  const ratio = (page: Page) => rate('start', page) / rate('bare', page)
  for (const page of ['product', 'category'] as const) {
    if (Number.isNaN(ratio(page))) continue
    reportGoal({
      goal: `SSR req/s, ${page} page, Start ÷ bare renderToString (both production${encoding === 'identity' ? '' : `, ${encoding}`})`,
      target: '≥ 0.5',
      measured: `${ratio(page).toFixed(2)} (${rate('start', page).toFixed(0)} vs ${rate('bare', page).toFixed(0)} req/s)`,
      met: ratio(page) >= 0.5,
      left: 'Start\'s per-request work around the same renderToString: see performance.md, "Server rendering".',
    })
  }
} finally {
  const stopped = [start, bare].flatMap((child) => (child && child.exitCode === null ? [new Promise((resolve) => child.once('exit', resolve))] : []))
  start.kill('SIGTERM')
  bare?.kill('SIGTERM')
  await Promise.all(stopped)
  rmSync(folder, { recursive: true, force: true })
}
