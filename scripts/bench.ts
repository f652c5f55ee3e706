// The benchmarks, each against a fresh production build, on this machine.
// Usage: npm run bench [-- <name> [options]]   (no name: all of them, in this order)
//   products      GET /api/products on 100,000 products (--products, --runs)
//   live-latency  live updates from commit to screen, and an idle page's requests (--runs)
//   live-memory   1,000 idle event streams: the server's memory, and shutdown with them open
//   page-weight   JS and CSS a first load of each page downloads, against performance-budget.json
//   hot-reads     categories, a product, a stock batch, a cart: latency and requests/s (--products, --runs, --port)
//   checkouts     300 carts checked out at once: checkouts/s, and no oversell (--carts, --rounds, --port)
import { spawnSync } from 'node:child_process'

const benches = {
  products: 'scripts/bench/products.ts',
  'live-latency': 'scripts/bench/live-latency.ts',
  'live-memory': 'scripts/bench/live-memory.ts',
  'page-weight': 'scripts/bench/page-weight.ts',
  'hot-reads': 'scripts/bench/hot-reads.ts',
  checkouts: 'scripts/bench/checkouts.ts',
}

const [name, ...options] = process.argv.slice(2)
if (name !== undefined && !Object.hasOwn(benches, name)) {
  console.error(`No bench called ${name}; choose one of: ${Object.keys(benches).join(', ')}`)
  process.exit(1)
}

// Always measure the code as it is now, not an older build.
console.log('Building…')
if (spawnSync('npm', ['run', 'build'], { stdio: 'ignore' }).status !== 0) throw new Error('npm run build failed')

const chosen = name === undefined ? Object.values(benches) : [benches[name as keyof typeof benches]]
for (const script of chosen) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', script, ...options], { stdio: 'inherit' })
  if (run.status !== 0) process.exit(run.status ?? 1)
}
