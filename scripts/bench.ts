// The benchmarks, each against a fresh production build, on this machine.
// Usage: npm run bench [-- <name> [options]]   (no name: all of them, in this order)
//   ssr           pages per second, Start beside a bare renderToString server and a static string
//                 (--products, --connections, --duration, --warmup, --rounds, --encoding, --port, --profile)
//   page-weight   JS and CSS a first load of each page downloads, against performance-budget.json (--update-budget, --port)
//   session       a 2.5-minute shopper session in Chromium, shipped and naive cache policy: /api requests and bytes (--port, --verbose)
//   navigation    card → product page, hover-then-click and cold click, timed inside the page (--runs, --port)
//   checkouts     300 carts checked out at once: checkouts/s, and no oversell (--carts, --rounds, --port)
//   products      GET /api/products on 100,000 products, over HTTP and in-process (--products, --runs, --port)
//   hot-reads     categories, a product, a stock batch, a cart: latency and requests/s (--products, --runs, --port)
//   lighthouse    Lighthouse's mobile performance score, home and product page, medians (--runs, --port)
//   live-latency  live updates from commit to screen, and an idle page's requests (--runs)
//   live-memory   1,000 idle event streams: the server's memory, and shutdown with them open (--connections, --port)
//   postgres      the figures above on PostgreSQL beside SQLite: /api/products, checkouts/s and SSR on one and two
//                 processes, live events across processes (--products, --runs, --carts, --rounds, --connections,
//                 --duration, --ssr-rounds, --changes, --port, --address-per-cart, --checkouts-only);
//                 needs PostgreSQL's server binaries
// Each bench prints its own tables; at the end this prints the performance goals each one
// measured, met or not. A full run (no name) also writes every table, the goals and the machine
// into docs/benchmarks.md.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import type { Entry, Goal } from './bench/report.ts'
import { markdownTable } from './bench/report.ts'

const benches = {
  ssr: 'scripts/bench/ssr.ts',
  'page-weight': 'scripts/bench/page-weight.ts',
  session: 'scripts/bench/session.ts',
  navigation: 'scripts/bench/navigation.ts',
  checkouts: 'scripts/bench/checkouts.ts',
  products: 'scripts/bench/products.ts',
  'hot-reads': 'scripts/bench/hot-reads.ts',
  lighthouse: 'scripts/bench/lighthouse.ts',
  'live-latency': 'scripts/bench/live-latency.ts',
  'live-memory': 'scripts/bench/live-memory.ts',
  postgres: 'scripts/bench/postgres.ts',
}
type BenchName = keyof typeof benches

const [name, ...options] = process.argv.slice(2)
if (name !== undefined && !Object.hasOwn(benches, name)) {
  console.error(`No bench called ${name}; choose one of: ${Object.keys(benches).join(', ')}`)
  process.exit(1)
}

const git = (...args: string[]) => spawnSync('git', args, { encoding: 'utf8' }).stdout.trim()
// The code measured: the commit built, and whether the tree differed from it (this run's own output aside).
const built = `commit \`${git('rev-parse', '--short', 'HEAD')}\`${git('status', '--porcelain', '--', '.', ':!docs/benchmarks.md') ? ' with uncommitted changes' : ''}`

// Always measure the code as it is now, not an older build.
console.log('Building…')
if (spawnSync('npm', ['run', 'build'], { stdio: 'ignore' }).status !== 0) throw new Error('npm run build failed')

const folder = mkdtempSync(join(tmpdir(), 'cartwheel-bench-'))
const reportFile = join(folder, 'report.jsonl')
const chosen = name === undefined ? (Object.keys(benches) as BenchName[]) : [name as BenchName]
const runs: Array<{ bench: BenchName; seconds: number; status: number }> = []
for (const bench of chosen) {
  const started = performance.now()
  const run = spawnSync(process.execPath, ['--import', 'tsx', benches[bench], ...options], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_NAME: bench, BENCH_REPORT: reportFile },
  })
  runs.push({ bench, seconds: (performance.now() - started) / 1000, status: run.status ?? 1 })
  if (run.status !== 0) console.error(`\n✗ ${bench} failed (exit ${run.status ?? run.signal})`)
}

const entries: Entry[] = (() => {
  try {
    return readFileSync(reportFile, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Entry)
  } catch {
    return []
  }
})()
rmSync(folder, { recursive: true, force: true })
const goals = entries.filter((entry): entry is Entry & Goal & { kind: 'goal' } => entry.kind === 'goal')
const goalTable = markdownTable(
  ['goal', 'target', 'measured', 'met', 'bench'],
  goals.map((goal) => [goal.goal, goal.target, goal.measured, goal.met ? 'met' : 'not met', `\`${goal.bench}\``]),
)
if (goals.length > 0) console.log(`\nPerformance goals\n\n${goalTable}`)
const failed = runs.filter((run) => run.status !== 0)
if (failed.length > 0) console.error(`\nFailed: ${failed.map((run) => run.bench).join(', ')}`)

if (name === undefined) {
  const chromium = spawnSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).stdout?.trim() || 'not found'
  const machine = [
    `- **Date:** ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; ${built}`,
    `- **Machine:** ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${process.platform}; Node ${process.version}; ${chromium}`,
    `- **Run:** \`npm run bench\`, ${runs.map((run) => `${run.bench} ${run.seconds.toFixed(0)} s${run.status === 0 ? '' : ' (failed)'}`).join(', ')}`,
  ].join('\n')
  const sections = chosen.flatMap((bench) =>
    entries.filter((entry): entry is Entry & { kind: 'section' } => entry.kind === 'section' && entry.bench === bench).map((entry) => `### ${entry.title}\n\n${entry.markdown}\n\n(\`npm run bench -- ${bench}\`, [${benches[bench]}](../${benches[bench]}))`),
  )
  const left = goals.filter((goal) => !goal.met && goal.left).map((goal) => `- **${goal.goal}:** ${goal.left}`)
  writeFileSync(
    'docs/benchmarks.md',
    [
      '# Benchmarks',
      '',
      'One full run of `npm run bench`, written by it ([scripts/bench.ts](../scripts/bench.ts)): a production build, on this machine, each bench starting and stopping its own server. Figures from other machines will differ; the ratios and the request counts travel better than the milliseconds. What each figure means and what was done to reach it is in [performance.md](performance.md).',
      '',
      machine,
      '',
      '## Goals',
      '',
      goalTable,
      ...(left.length > 0 ? ['', '### What stands in the way where a goal is not met', '', ...left] : []),
      '',
      '## Figures',
      '',
      sections.join('\n\n'),
      '',
    ].join('\n'),
  )
  console.log('\nWritten: docs/benchmarks.md')
}
process.exit(failed.length > 0 ? 1 : 0)
