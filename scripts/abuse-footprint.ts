// What 1,000 abusive anonymous requests leave in the database, scenario by scenario.
// Usage: npm run bench:abuse   (in-process through the API's one request handler, on temp files)
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase, type AppDatabase } from '../db/connection.ts'
import { applyMigrations } from '../db/migrate.ts'
import { seedDatabase } from '../db/seed.ts'
import { handleApiRequest } from '../app/http/api-router.ts'

const REQUESTS = 1_000
const DAY = 24 * 60 * 60 * 1000
const folder = mkdtempSync(join(tmpdir(), 'cartwheel-abuse-'))

function usedBytes(db: AppDatabase) {
  db.$client.pragma('wal_checkpoint(TRUNCATE)')
  const pages = Number(db.$client.pragma('page_count', { simple: true })) - Number(db.$client.pragma('freelist_count', { simple: true }))
  return pages * Number(db.$client.pragma('page_size', { simple: true }))
}

function add(db: AppDatabase, productId: number, { ip, cookie }: { ip: string; cookie?: string }) {
  const request = new Request('http://localhost:3000/api/cart/lines', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID(), ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ productId, quantity: 1 }),
  })
  Object.defineProperty(request, 'ip', { value: ip })
  return handleApiRequest(request, { db })
}

type Scenario = { name: string; send: (db: AppDatabase, index: number, state: { cookie?: string }) => Promise<Response> }

const scenarios: Scenario[] = [
  { name: 'fresh-cart adds from one address', send: (db, index) => add(db, (index % 2000) + 1, { ip: '203.0.113.1' }) },
  { name: 'fresh-cart adds from 1,000 addresses', send: (db, index) => add(db, (index % 2000) + 1, { ip: `203.0.${index >> 8}.${index & 255}` }) },
  { name: 'adds of new products to one cart', send: (db, index, state) => add(db, index + 1, { ip: `198.51.${index >> 8}.${index & 255}`, cookie: state.cookie }) },
]

// Present from the hardening on; absent in older code, where nothing was ever purged.
const maintenance = await import('../app/http/maintenance.ts').catch(() => undefined)

for (const scenario of scenarios) {
  const db = openDatabase(join(folder, `${scenarios.indexOf(scenario)}.db`))
  applyMigrations(db)
  seedDatabase(db, { products: 2_000, adminEmail: 'admin@cartwheel.test', adminPassword: 'cartwheel-admin' })
  db.$client.prepare('UPDATE products SET stock = 1000').run()
  const before = usedBytes(db)
  const statuses = new Map<number, number>()
  const state: { cookie?: string } = {}
  for (let index = 0; index < REQUESTS; index++) {
    const response = await scenario.send(db, index, state)
    state.cookie ??= response.headers.get('set-cookie')?.split(';')[0]
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
    await response.body?.cancel()
  }
  const after = usedBytes(db)
  const purged = maintenance ? (maintenance.runMaintenance(db, Date.now() + 31 * DAY), usedBytes(db)) : undefined
  console.log(
    `${scenario.name}: ${JSON.stringify(Object.fromEntries(statuses))}; +${((after - before) / 1024).toFixed(0)} KB` +
      (purged === undefined ? '; never purged' : `; after the purge 31 days on: +${((purged - before) / 1024).toFixed(0)} KB`),
  )
  db.$client.close()
}
rmSync(folder, { recursive: true, force: true })
