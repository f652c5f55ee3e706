import pg from 'pg'
import type { PostgresDatabase } from '#db/postgres/connection'
import type { EventBus } from './event-bus'
import { createEventLog, type LoggedEvent } from './event-log'
import type { LiveEventInput } from './live-events'
import { createPauses, createPostgresEventWriter, LIVE_EVENTS_CHANNEL } from './postgres-event-writer'

export type PostgresEventBus = EventBus & {
  /** Writes what is still queued, stops listening, then resolves. The pool stays open: its owner ends it. */
  close(): Promise<void>
  /** The server process id of the LISTEN connection; undefined while it reconnects (for tests and diagnostics). */
  listenerPid(): number | undefined
  catchUpTo(id: number): Promise<void>
}

export type PostgresEventBusOptions = {
  /** How many events the in-memory log keeps for resuming connections. */
  logSize: number
  /** How many rows `live_events` keeps when pruned (default: twice the log). */
  keepRows?: number
  /** The back-off between two tries to write, or to reconnect the listener: doubling from `first` up to `max`. */
  retryMs?: { first: number; max: number }
}

type Row = { id: number; event: LiveEventInput }

const logged = (row: Row) => ({ ...row.event, id: row.id }) as LoggedEvent

/**
 * The event bus of a shop served by several processes on one PostgreSQL database. `publish` hands
 * the events to a writer (postgres-event-writer.ts) that inserts them into `live_events` and
 * NOTIFYs the newest id. One dedicated connection per process LISTENs; on each notification it
 * reads the rows after the newest it has, in id order, into the same bounded log as the in-process
 * bus (event-log.ts), so `subscribe` and `newestId` stay synchronous, every process hands out the
 * same id for the same event, and a browser can resume on any process.
 *
 * The table is the log: a process loads its newest `logSize` rows when it starts, and a listener
 * that loses its connection reconnects and reads what it missed. Resolves once listening, with the
 * log loaded; rejects when the database cannot be reached.
 */
export async function createPostgresEventBus(db: PostgresDatabase, { logSize, keepRows = logSize * 2, retryMs = { first: 100, max: 5_000 } }: PostgresEventBusOptions): Promise<PostgresEventBus> {
  const writer = createPostgresEventWriter(db, { keepRows, pruneEvery: logSize, retryMs })
  const log = createEventLog({ logSize, startId: 0 })
  const { pause, cutShort } = createPauses()
  let connection: { client: pg.Client; pid: number } | undefined
  let started = false
  let closed = false
  let reading: Promise<void> | undefined
  let readAgain = false

  /** Opens the LISTEN connection and makes it the current one, or throws. */
  async function connect() {
    const client = new pg.Client({ ...db.$client.options, application_name: 'cartwheel live events', keepAlive: true })
    let lost = false
    const onLost = (error?: Error) => {
      if (lost) return
      lost = true
      void client.end().catch(() => {})
      if (connection?.client !== client) return
      connection = undefined
      if (closed) return
      console.error('The live event listener lost its connection; reconnecting', error)
      void reconnect()
    }
    client.on('error', onLost)
    client.on('end', () => onLost())
    client.on('notification', (message) => {
      if (started && Number(message.payload) > log.newestId()) void catchUp()
    })
    try {
      await client.connect()
      await client.query(`LISTEN ${LIVE_EVENTS_CHANNEL}`)
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')
      if (lost) throw new Error('The live event listener lost its connection while connecting')
      connection = { client, pid: rows[0]?.pid ?? 0 }
    } catch (error) {
      lost = true
      await client.end().catch(() => {})
      throw error
    }
  }

  /** The newest logSize rows, read once LISTEN is on, so nothing committed after the read goes unnoticed. */
  async function loadNewest(client: pg.Client) {
    const { rows } = await client.query<Row>('SELECT id, event FROM (SELECT id, event FROM live_events ORDER BY id DESC LIMIT $1) AS newest ORDER BY id', [logSize + 1])
    const [first] = rows
    // The row before the newest logSize is the log's floor. With fewer rows, the floor is just
    // below the oldest: any older id is a gap, since the rows before it may have been pruned.
    if (first && rows.length > logSize) log.restartAfter((rows.shift() as Row).id)
    else if (first) log.restartAfter(first.id - 1)
    for (const row of rows) log.append(logged(row))
  }

  /**
   * The rows after the newest logged, in id order. Pruning deletes the oldest rows, so while any
   * row at or below the newest logged id is left, none after it is gone; when none is left and
   * the ids jump, rows this process never read may have been pruned (it was away a long time),
   * and the log starts again after the jump: older resume points become gaps.
   */
  async function readNewer(client: pg.Client) {
    const last = log.newestId()
    const { rows } = await client.query<Row & { joined: boolean }>(
      'SELECT id, event, EXISTS (SELECT 1 FROM live_events WHERE id <= $1) AS joined FROM live_events WHERE id > $1 ORDER BY id',
      [last],
    )
    const [first] = rows
    if (first && !first.joined && first.id > last + 1) {
      console.error(`Live events after ${last} were pruned before this process read them; resuming from before ${first.id} is a gap`)
      log.restartAfter(first.id - 1)
    }
    for (const row of rows) log.append(logged(row))
  }

  /** Reads until nothing new is left, one read at a time: a notification during a read asks for one more. */
  function catchUp(): Promise<void> {
    if (reading) {
      readAgain = true
      return reading
    }
    reading = (async () => {
      try {
        do {
          readAgain = false
          // Without a connection, the reconnect reads what was missed.
          if (!connection) return
          await readNewer(connection.client)
        } while (readAgain)
      } catch (error) {
        // A read on a lost connection fails too; the reconnect reads again.
        if (connection && !closed) console.error('Live events could not be read', error)
      } finally {
        reading = undefined
      }
    })()
    return reading
  }

  async function reconnect() {
    for (let delay = retryMs.first; !closed; delay = Math.min(delay * 2, retryMs.max)) {
      await pause(delay)
      if (closed) return
      try {
        await connect()
        if (closed) return void (await connection?.client.end())
        return await catchUp()
      } catch (error) {
        console.error(`The live event listener could not reconnect; trying again in ${Math.min(delay * 2, retryMs.max)} ms`, error)
      }
    }
  }

  await connect()
  try {
    await loadNewest((connection as NonNullable<typeof connection>).client)
  } catch (error) {
    closed = true
    await connection?.client.end()
    throw error
  }
  started = true
  // What committed between the load and now was notified before `started`: read it.
  await catchUp()

  return {
    publish: (...events) => writer.publish(events),
    newestId: () => log.newestId(),
    subscribe: (since, listener) => log.subscribe(since, listener),
    listenerCount: () => log.listenerCount(),
    listenerPid: () => connection?.pid,
    async catchUpTo(id) {
      if (id > log.newestId()) await catchUp()
    },
    async close() {
      closed = true
      cutShort()
      await writer.close()
      const current = connection
      connection = undefined
      await current?.client.end()
      await reading
    },
  }
}
