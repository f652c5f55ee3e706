import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))

/**
 * The flags `npm run serve` gives Node (package.json): AsyncLocalStorage, which Start enters for
 * every request, without the promise hooks Node 22 uses for it by default.
 */
export const SERVER_NODE_FLAGS = ['--experimental-async-context-frame']

/**
 * Starts the production build (scripts/serve.ts, as `npm run serve` does) for a benchmark, on
 * 127.0.0.1 with React's production build; `env` adds settings and `nodeOptions` flags for Node.
 */
export function startBenchServer({ port, databasePath, env = {}, nodeOptions = [] }: { port: number; databasePath: string; env?: Record<string, string>; nodeOptions?: string[] }) {
  return spawn(process.execPath, [...SERVER_NODE_FLAGS, ...nodeOptions, '--import', 'tsx', 'scripts/serve.ts'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: databasePath, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

/** Resolves once the server at `origin` answers /api/health; a first seed of many products can take a while. */
export async function waitForServer(origin: string, { patienceMs = 30_000 } = {}) {
  const deadline = Date.now() + patienceMs
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${origin}/api/health`)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`The server at ${origin} did not start within ${patienceMs / 1000} s`)
}

/** The value below which `p` percent of the sorted samples fall (nearest rank). */
export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0

/** Stops a server started by startBenchServer and resolves once it has exited (at once if it already had). */
export async function stopBenchServer(server: ReturnType<typeof startBenchServer>) {
  if (server.exitCode !== null || server.signalCode !== null) return
  const exited = new Promise((resolve) => server.once('exit', resolve))
  server.kill('SIGTERM')
  await exited
}

/** The /api/products queries the products bench times, on both engines in the postgres bench. */
export const PRODUCT_QUERY_CASES = [
  'category=desks&inStock=true&minPrice=20000&maxPrice=80000&sort=price-asc&page=3',
  'category=lighting&sort=newest&page=10',
  'inStock=true&sort=name&page=50',
  'minPrice=1000&maxPrice=5000&sort=price-desc&page=2&pageSize=100',
  'q=walnut&sort=relevance&page=2',
  'q=oak%20desk&category=desks&inStock=true&sort=price-asc',
  'sort=newest&page=4000',
]

/** `runs` timings of `task` after one to warm up, sorted (ms). */
export async function timeRuns(runs: number, task: () => unknown) {
  await task()
  const times: number[] = []
  for (let run = 0; run < runs; run++) {
    const started = performance.now()
    await task()
    times.push(performance.now() - started)
  }
  return times.sort((a, b) => a - b)
}
