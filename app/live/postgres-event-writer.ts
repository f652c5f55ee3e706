import { sql } from 'drizzle-orm'
import type { PostgresDatabase } from '#db/postgres/connection'
import { liveEvents } from '#db/postgres/schema'
import type { LiveEventInput } from './live-events'

/** The channel every process LISTENs on; a notification's payload is the newest id written. */
export const LIVE_EVENTS_CHANNEL = 'live_events'

/** The advisory lock each write takes first, so that ids are given in commit order (a key nothing else uses). */
export const LIVE_EVENTS_LOCK = 0x6c69_7665

// One transaction's rows at most: two parameters each, far below PostgreSQL's 65,535.
const MAX_BATCH = 1000

/** Waits that `close()` cuts short, so a closing bus never waits out a retry's back-off. */
export function createPauses() {
  const pending = new Set<() => void>()
  return {
    pause: (ms: number) =>
      new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer)
          pending.delete(done)
          resolve()
        }
        const timer = setTimeout(done, ms)
        pending.add(done)
      }),
    cutShort: () => [...pending].forEach((done) => done()),
  }
}

// Worth another try: the database is unreachable, restarting, out of connections, or the
// transaction lost a race. Anything else (the database refused the rows) would fail again.
const RETRIABLE_CODES = /^(08|53|57P0|40001|40P01|E(CONNREFUSED|CONNRESET|PIPE|TIMEDOUT|NOTFOUND|AI_AGAIN|HOSTUNREACH))/
function isRetriable(error: unknown): boolean {
  const { code, message, cause } = (error ?? {}) as { code?: unknown; message?: unknown; cause?: unknown }
  if (typeof code === 'string' && RETRIABLE_CODES.test(code)) return true
  if (typeof message === 'string' && /Connection terminated|timeout exceeded when trying to connect/i.test(message)) return true
  // drizzle wraps the driver's error in its own, as the cause.
  return cause !== undefined && cause !== error && isRetriable(cause)
}

export type WriterOptions = {
  /** Rows the table keeps when pruned: the newest ones. */
  keepRows: number
  /** Events this process writes between two prunes. */
  pruneEvery: number
  retryMs: { first: number; max: number }
}

/**
 * Writes published events to `live_events`, in the background and in publish order: one batch
 * (what was published while the last write ran) at a time, each in one small transaction.
 *
 * A write that fails because the database is unreachable or busy is logged and retried after a
 * back-off, for as long as the bus is open, holding the events behind it in order: the table is
 * the log every process reads, so an event that is never written is never heard, and nothing
 * tells the browsers so. The queue cannot grow much meanwhile, since the services cannot commit
 * the writes that publish. A write the database refuses (an error that would repeat) is tried
 * again one event at a time, and the event it refuses is logged and dropped. A retry after a
 * commit whose answer was lost writes the events twice, under new ids: the browser applies an
 * event it already has as a no-op (versions, `updatedAt`).
 *
 * Pruning happens here too, in the queue (never beside this process's own writes): after every
 * `pruneEvery` events it wrote, a process deletes all but the newest `keepRows` rows. The table
 * then holds at most `keepRows` plus `pruneEvery` for each process, and a process that starts
 * finds the newest rows its log needs.
 */
export function createPostgresEventWriter(db: PostgresDatabase, { keepRows, pruneEvery, retryMs }: WriterOptions) {
  const queue: LiveEventInput[] = []
  const { pause, cutShort } = createPauses()
  let writing = false
  let drained = Promise.resolve()
  let closing = false
  let writtenSincePrune = 0

  async function write(batch: LiveEventInput[]) {
    const createdAt = Date.now()
    await db.transaction(async (tx) => {
      // Taken before the ids: while one transaction holds it, no other takes an id, so ids are
      // given in commit order and a reader that has seen id N will never see a smaller one appear.
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${LIVE_EVENTS_LOCK})`)
      const written = await tx
        .insert(liveEvents)
        .values(batch.map((event) => ({ event, createdAt })))
        .returning({ id: liveEvents.id })
      // Only the id: a NOTIFY payload is capped at 8,000 bytes, an event is not. Sent on commit.
      await tx.execute(sql`SELECT pg_notify(${LIVE_EVENTS_CHANNEL}, ${String(Math.max(...written.map((row) => row.id)))})`)
    })
  }

  async function writeWithRetry(batch: LiveEventInput[]) {
    for (let delay = retryMs.first; ; delay = Math.min(delay * 2, retryMs.max)) {
      try {
        return await write(batch)
      } catch (error) {
        // One refused event must not take the others of its batch down with it.
        if (!isRetriable(error) && batch.length > 1) {
          for (const event of batch) await writeWithRetry([event])
          return
        }
        if (closing || !isRetriable(error)) return console.error(`Live events could not be written; ${batch.length} dropped`, error)
        console.error(`Live events could not be written; retrying in ${delay} ms`, error)
        await pause(delay)
      }
    }
  }

  /** Deletes all but the newest `keepRows` rows: a new process loads its log from those. */
  async function prune() {
    try {
      await db.execute(sql`DELETE FROM live_events WHERE id < (SELECT id FROM live_events ORDER BY id DESC OFFSET ${keepRows - 1} LIMIT 1)`)
    } catch (error) {
      console.error('Old live events could not be pruned', error)
    }
  }

  async function drain() {
    while (queue.length > 0) {
      const batch = queue.slice(0, MAX_BATCH)
      await writeWithRetry(batch)
      queue.splice(0, batch.length)
      writtenSincePrune += batch.length
      if (writtenSincePrune >= pruneEvery) {
        writtenSincePrune = 0
        await prune()
      }
    }
    // In the same turn as the check above: an event published from now on starts a new drain.
    writing = false
  }

  return {
    publish(events: LiveEventInput[]) {
      if (closing) return console.error(`The live event bus is closed; ${events.length} events dropped`)
      queue.push(...events)
      if (writing) return
      writing = true
      drained = drain()
    },
    /** Writes what is queued (a failure is not retried any more), then resolves. */
    async close() {
      closing = true
      cutShort()
      await drained
    },
  }
}
