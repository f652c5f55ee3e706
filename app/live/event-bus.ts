import type { Database } from '#db/work'
import { serverSettings } from '../../app.config'
import type { LiveEventInput } from './live-events'

/** A published event with the id the bus gave it. */
export type LoggedEvent = LiveEventInput & { id: number }

/**
 * What a subscription starts with. `live`: no resume point, events from now on. `resumed`: the
 * events after the resume point, to send before the live ones. `gap`: the resume point is not in
 * the log (too old, or another process's id), so what the browser missed is unknown.
 */
export type SubscriptionStart = { kind: 'live' } | { kind: 'resumed'; replay: LoggedEvent[] } | { kind: 'gap' }

export type Subscription = SubscriptionStart & { newestId: number; unsubscribe: () => void }

/**
 * Where committed changes go out to the open event streams. `publish` is called after the
 * transaction commits and returns at once; a listener never throws back into the publisher.
 *
 * Several processes (a PostgreSQL deployment) would implement this over LISTEN/NOTIFY: `publish`
 * queues the events and sends each, in the background, in a tiny transaction of its own
 * (`pg_advisory_xact_lock`, then `pg_notify('live_events', …)` with an id from one sequence), so
 * ids follow commit order and NOTIFY delivers them in that order. Every process LISTENs, and feeds
 * what arrives into the same bounded log and listeners as the in-process bus below, so `subscribe`
 * stays synchronous and a browser can resume on any process.
 */
export interface EventBus {
  publish(...events: LiveEventInput[]): void
  /** The newest event's id (before any event, the id this log starts after). */
  newestId(): number
  /**
   * Starts delivering events to `listener`. With a resume point (a Last-Event-ID), replays the
   * logged events after it, or reports a gap when it lies outside [oldest logged − 1, newest].
   * Replay and registration happen in one step, so no event falls between them.
   */
  subscribe(since: number | undefined, listener: (event: LoggedEvent) => void): Subscription
  /** How many listeners are subscribed (for tests and measurements). */
  listenerCount(): number
}

export type EventBusOptions = {
  /** How many events the log keeps for resuming connections. */
  logSize: number
  /** The id this process's log starts after; ids from an earlier process are all below it. */
  startId?: number
}

/**
 * The first id of a process: its start time in ms × 1000 (about 1.8e15, below
 * Number.MAX_SAFE_INTEGER ≈ 9e15). A later process starts above every id an earlier one gave out,
 * unless that one published over 1,000 events per millisecond it ran.
 */
export const processStartId = (now = Date.now()) => now * 1000

/** The bus of one process, with a bounded in-memory log (a ring buffer) to resume from. */
export function createInProcessEventBus({ logSize, startId = processStartId() }: EventBusOptions): EventBus {
  const log: Array<LoggedEvent | undefined> = new Array(logSize)
  let newest = startId
  let logged = 0
  const listeners = new Set<(event: LoggedEvent) => void>()

  const oldestId = () => newest - logged + 1
  const at = (id: number) => log[id % logSize] as LoggedEvent

  function deliver(event: LoggedEvent) {
    for (const listener of listeners) {
      try {
        listener(event)
      } catch (error) {
        // One broken stream must not keep the event from the others, nor fail the committed write.
        console.error('A live event listener failed', error)
      }
    }
  }

  return {
    publish(...events) {
      for (const input of events) {
        newest += 1
        const event = { ...input, id: newest } as LoggedEvent
        log[newest % logSize] = event
        logged = Math.min(logged + 1, logSize)
        deliver(event)
      }
    },
    newestId: () => newest,
    subscribe(since, listener) {
      let start: SubscriptionStart
      if (since === undefined) start = { kind: 'live' }
      else if (since < oldestId() - 1 || since > newest) start = { kind: 'gap' }
      else start = { kind: 'resumed', replay: Array.from({ length: newest - since }, (_, index) => at(since + 1 + index)) }
      listeners.add(listener)
      return { ...start, newestId: newest, unsubscribe: () => listeners.delete(listener) }
    },
    listenerCount: () => listeners.size,
  }
}

// One bus per database: services publish to the bus of the database they wrote to, so the server
// has one and each test database gets its own.
const buses = new WeakMap<Database, EventBus>()

export function eventBusFor(db: Database): EventBus {
  let bus = buses.get(db)
  if (!bus) {
    bus = createInProcessEventBus({ logSize: serverSettings().LIVE_EVENT_LOG_SIZE })
    buses.set(db, bus)
  }
  return bus
}
