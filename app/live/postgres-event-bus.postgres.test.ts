import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { openPostgres, type PostgresDatabase } from '#db/postgres/connection'
import { allowConsoleErrors } from '../../tests/support/fail-on-console-error'
import { createPostgresTestDatabase } from '../../tests/support/postgres-database'
import type { LoggedEvent } from './event-log'
import type { LiveEventInput } from './live-events'
import { createPostgresEventBus, type PostgresEventBus } from './postgres-event-bus'

/**
 * Two buses on two pools of one database stand for two server processes (and one test spawns a
 * real second Node process). Every wait is for events a listener received, never a fixed time.
 */

const stock = (productId: number): LiveEventInput => ({ type: 'stock', data: { productId, stock: 5, version: 2 }, audience: { to: 'everyone' } })

const productChange = (id: number, description: string): LiveEventInput => ({
  type: 'product',
  data: {
    product: {
      ...{ id, slug: `desk-${id}`, sku: `DESK-${id}`, name: 'Desk', description, category: { slug: 'desks', name: 'Desks' } },
      ...{ priceCents: 100, stock: 5, archived: false, version: 2, createdAt: '2026-12-02T00:00:00.000Z', updatedAt: '2026-12-02T00:00:00.000Z' },
    },
    previous: null,
  },
  audience: { to: 'everyone' },
})

const productOf = (event: LoggedEvent) => (event.type === 'stock' ? event.data.productId : event.type === 'product' ? event.data.product.id : -1)

/** What a bus delivers from now on, and a wait for a condition on it that the listener resolves. */
function hear(bus: PostgresEventBus) {
  const events: LoggedEvent[] = []
  const waiting = new Set<() => void>()
  bus.subscribe(undefined, (event) => {
    events.push(event)
    for (const check of [...waiting]) check()
  })
  const of = (products: number[]) => events.filter((event) => products.includes(productOf(event)))
  return {
    of,
    /** Resolves with the events of these products once every one has arrived. */
    until: (products: number[]) =>
      new Promise<LoggedEvent[]>((resolve) => {
        const check = () => {
          const found = of(products)
          if (new Set(found.map(productOf)).size < products.length) return
          waiting.delete(check)
          resolve(found)
        }
        waiting.add(check)
        check()
      }),
  }
}

// For vi.waitFor: a loaded machine may take a while to get there (the tests' own timeout still bounds it).
const WAIT = { timeout: 20_000, interval: 20 }

const ids = (events: LoggedEvent[]) => events.map((event) => event.id)
const range = (from: number, count: number) => Array.from({ length: count }, (_, index) => from + index)

let db: PostgresDatabase & { url: string }
let otherPool: PostgresDatabase
// A session in the test's database, and one in the run's `postgres` database (a database cannot
// refuse connections from a session inside it).
let session: pg.Client
let admin: pg.Client
let a: PostgresEventBus
let b: PostgresEventBus

beforeAll(async () => {
  db = await createPostgresTestDatabase()
  otherPool = openPostgres(db.url, { max: 4 })
  session = new pg.Client({ connectionString: db.url })
  admin = new pg.Client({ connectionString: inject('postgresAdminUrl') })
  await Promise.all([session.connect(), admin.connect()])
  a = await createPostgresEventBus(db, { logSize: 100 })
  b = await createPostgresEventBus(otherPool, { logSize: 100 })
})

// A test that fails while connections are refused must not take the next ones down with it.
afterEach(() => admin.query(`ALTER DATABASE ${new URL(db.url).pathname.slice(1)} ALLOW_CONNECTIONS true`))

afterAll(async () => {
  await a.close()
  await b.close()
  await otherPool.$client.end()
  await Promise.all([session.end(), admin.end()])
})

/** Kills the bus's LISTEN connection, and waits until the bus knows. */
async function dropListener(bus: PostgresEventBus) {
  await admin.query('SELECT pg_terminate_backend($1)', [bus.listenerPid()])
  await vi.waitFor(() => expect(bus.listenerPid()).toBeUndefined(), WAIT)
}

/**
 * Runs `away` while the database refuses new connections (open ones, pools' idle ones included,
 * go on), so a dropped listener cannot reconnect; then lets them in, and waits as `away`'s answer says.
 */
async function whileConnectionsRefused(away: () => Promise<() => Promise<void>>) {
  const database = new URL(db.url).pathname.slice(1)
  await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`)
  let afterwards: () => Promise<void>
  try {
    afterwards = await away()
  } finally {
    await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`)
  }
  await afterwards()
}

describe('the PostgreSQL event bus, across processes', { timeout: 30_000 }, () => {
  it('delivers an event published on one process to both, under the same id', async () => {
    const [onA, onB] = [hear(a), hear(b)]
    a.publish(stock(1))
    const [[fromA], [fromB]] = await Promise.all([onA.until([1]), onB.until([1])])
    expect(fromB).toEqual(fromA)
    expect(fromA).toMatchObject({ type: 'stock', data: { productId: 1 } })
    expect(a.newestId()).toBe(fromA?.id)
    expect(b.newestId()).toBe(fromA?.id)
  })

  it('gives ids in commit order: a write that took its id first but commits last is not skipped', async () => {
    // Product 7001's row waits, inside its transaction, for an advisory lock this test holds.
    await session.query(`CREATE FUNCTION hold_marked_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.event->'data'->>'productId' = '7001' THEN PERFORM pg_advisory_lock(42); PERFORM pg_advisory_unlock(42); END IF;
        RETURN NEW;
      END $$`)
    await session.query('CREATE TRIGGER hold_marked_event BEFORE INSERT ON live_events FOR EACH ROW EXECUTE FUNCTION hold_marked_event()')
    await session.query('SELECT pg_advisory_lock(42)')
    try {
      const [onA, onB] = [hear(a), hear(b)]
      a.publish(stock(7001))
      const { rows } = await session.query<{ oid: number }>('SELECT oid FROM pg_database WHERE datname = current_database()')
      const count = async (sql: string) => Number((await session.query<{ count: string }>(sql, [rows[0]?.oid])).rows[0]?.count)
      await vi.waitFor(async () => expect(await count(`SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = $1`)).toBe(1), WAIT)
      b.publish(stock(7002))
      // B's write now waits for the bus's lock, or (were ids not taken under it) has committed.
      await vi.waitFor(async () =>
        expect(
          await count(`SELECT (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = $1)
                                 + (SELECT count(*) FROM live_events WHERE event->'data'->>'productId' = '7002') AS count`),
        ).toBe(2),
        WAIT,
      )
      await session.query('SELECT pg_advisory_unlock(42)')
      const [onBothA, onBothB] = await Promise.all([onA.until([7001, 7002]), onB.until([7001, 7002])])
      expect(onBothA.map(productOf)).toEqual([7001, 7002])
      expect(ids(onBothB)).toEqual(ids(onBothA))
    } finally {
      await session.query('SELECT pg_advisory_unlock_all()')
      await session.query('DROP TRIGGER hold_marked_event ON live_events')
      await session.query('DROP FUNCTION hold_marked_event()')
    }
  })

  it('delivers concurrent publishes from both processes to both, in one order of increasing ids', async () => {
    const [onA, onB] = [hear(a), hear(b)]
    const fromA = range(8000, 20)
    const fromB = range(8100, 20)
    for (let index = 0; index < 20; index += 1) {
      a.publish(stock(fromA[index] as number))
      b.publish(stock(fromB[index] as number))
    }
    const [heardOnA, heardOnB] = await Promise.all([onA.until([...fromA, ...fromB]), onB.until([...fromA, ...fromB])])
    expect(heardOnA).toHaveLength(40)
    expect(ids(heardOnB)).toEqual(ids(heardOnA))
    expect(ids(heardOnA)).toEqual([...ids(heardOnA)].sort((x, y) => x - y))
    expect(new Set(ids(heardOnA)).size).toBe(40)
    // Each process's own events keep the order it published them in.
    expect(heardOnA.map(productOf).filter((id) => id < 8100)).toEqual(fromA)
    expect(heardOnA.map(productOf).filter((id) => id >= 8100)).toEqual(fromB)
  })

  it('lets a process that starts later resume a browser from its log, and calls an older point a gap', async () => {
    const onA = hear(a)
    const products = range(9001, 5)
    for (const productId of products) a.publish(stock(productId))
    const published = ids(await onA.until(products))
    const later = await createPostgresEventBus(otherPool, { logSize: 3 })
    try {
      const resumed = later.subscribe(published[1], () => {})
      expect(resumed.kind === 'resumed' && ids(resumed.replay)).toEqual(published.slice(2))
      expect(later.subscribe(published[0], () => {}).kind).toBe('gap')
      expect(later.newestId()).toBe(published[4])
    } finally {
      await later.close()
    }
  })

  it('resumes a browser at an event another process committed that this one has not heard yet', async () => {
    // A commit whose notification has not reached b: written without NOTIFY.
    const { rows } = await session.query<{ id: number }>('INSERT INTO live_events (event, created_at) VALUES ($1, $2) RETURNING id', [JSON.stringify(stock(7)), Date.now()])
    const id = Number(rows[0]?.id)
    expect(b.newestId()).toBeLessThan(id)
    await b.catchUpTo(id)
    const subscription = b.subscribe(id, () => {})
    subscription.unsubscribe()
    expect(subscription.kind === 'resumed' && subscription.replay).toEqual([])
    expect(b.newestId()).toBe(id)
  })

  it('carries an event far larger than a NOTIFY payload may be', async () => {
    const onB = hear(b)
    const description = 'a'.repeat(20_000)
    a.publish(productChange(9500, description))
    const [event] = await onB.until([9500])
    expect(event?.type === 'product' && event.data.product.description).toBe(description)
  })

  it('reconnects a listener whose connection was killed, and delivers what was published while it was away', async () => {
    allowConsoleErrors(/live event listener/)
    const [onA, onB] = [hear(a), hear(b)]
    a.publish(stock(9601))
    await onA.until([9601])
    await whileConnectionsRefused(async () => {
      await dropListener(b)
      a.publish(stock(9602))
      const [written] = await onA.until([9602])
      expect(b.listenerPid()).toBeUndefined()
      expect(onB.of([9602])).toEqual([])
      return async () => expect((await onB.until([9602]))[0]).toEqual(written)
    })
    expect(b.listenerPid()).toBeGreaterThan(0)
  })

  it('prunes the table to its newest rows, and a listener away past them hears of the gap', async () => {
    allowConsoleErrors(/live event listener|were pruned before this process read them/)
    const pruning = await createPostgresEventBus(db, { logSize: 2, keepRows: 3 })
    const listening = await createPostgresEventBus(otherPool, { logSize: 100 })
    try {
      const [onPruning, onListening] = [hear(pruning), hear(listening)]
      pruning.publish(stock(9801))
      const [before] = await onListening.until([9801])
      // With 9801, six events: the writer prunes after every second, to the newest three.
      const products = range(9802, 5)
      await whileConnectionsRefused(async () => {
        await dropListener(listening)
        // One at a time, so the pruning process's own listener is never behind its prunes.
        for (const productId of products) {
          pruning.publish(stock(productId))
          await onPruning.until([productId])
        }
        await pruning.close()
        return async () => void (await onListening.until(products.slice(2)))
      })
      const newest = ids(onPruning.of(products))
      const kept = await session.query<{ id: number }>('SELECT id FROM live_events ORDER BY id')
      expect(kept.rows.map((row) => Number(row.id))).toEqual(newest.slice(2))
      expect(ids(onListening.of(products))).toEqual(newest.slice(2))
      expect(listening.subscribe(before?.id, () => {}).kind).toBe('gap')
      const resumed = listening.subscribe(newest[1], () => {})
      expect(resumed.kind === 'resumed' && ids(resumed.replay)).toEqual(newest.slice(2))
    } finally {
      await pruning.close()
      await listening.close()
    }
  })

  it('retries a write that failed for a passing reason, and drops only the event the database refuses', async () => {
    allowConsoleErrors(/Live events could not be written/)
    // 9901's first write loses a race; 9902 breaks a rule every time.
    await session.query('CREATE SEQUENCE races')
    await session.query(`CREATE FUNCTION refuse_marked_events() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.event->'data'->>'productId' = '9901' AND nextval('races') = 1 THEN RAISE EXCEPTION 'lost a race' USING ERRCODE = 'serialization_failure'; END IF;
        IF NEW.event->'data'->>'productId' = '9902' THEN RAISE EXCEPTION 'refused' USING ERRCODE = 'check_violation'; END IF;
        RETURN NEW;
      END $$`)
    await session.query('CREATE TRIGGER refuse_marked_events BEFORE INSERT ON live_events FOR EACH ROW EXECUTE FUNCTION refuse_marked_events()')
    try {
      const onB = hear(b)
      a.publish(stock(9901))
      a.publish(stock(9902), stock(9903))
      a.publish(stock(9904))
      await onB.until([9901, 9903, 9904])
      expect(onB.of([9901, 9902, 9903, 9904]).map(productOf)).toEqual([9901, 9903, 9904])
      const logged = vi.mocked(console.error).mock.calls.map(([message]) => String(message))
      expect(logged).toEqual([expect.stringMatching(/retrying in \d+ ms/), expect.stringMatching(/1 dropped/)])
    } finally {
      await session.query('DROP TRIGGER refuse_marked_events ON live_events')
      await session.query('DROP FUNCTION refuse_marked_events()')
      await session.query('DROP SEQUENCE races')
    }
  })

  it('hears an event that another Node process published', async () => {
    const onA = hear(a)
    const script = fileURLToPath(new URL('../../tests/support/publish-live-event.ts', import.meta.url))
    const child = spawn(process.execPath, ['--import', 'tsx', script, db.url, '9700'], { stdio: ['ignore', 'ignore', 'pipe'] })
    let errors = ''
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()))
    const exitCode = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    expect(errors).toBe('')
    expect(exitCode).toBe(0)
    const [event] = await onA.until([9700])
    expect(event).toMatchObject({ type: 'stock', data: { productId: 9700 } })
  })
})
