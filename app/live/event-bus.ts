import type { Database } from '#db/work'
import { serverSettings } from '../../app.config'
import { createEventLog, type LoggedEvent, type Subscription } from './event-log'
import type { LiveEventInput } from './live-events'

export type { LoggedEvent, Subscription, SubscriptionStart } from './event-log'

/**
 * Where committed changes go out to the open event streams. `publish` is called after the
 * transaction commits and returns at once; a listener never throws back into the publisher.
 *
 * Several processes (a PostgreSQL deployment) share one over LISTEN/NOTIFY: see
 * postgres-event-bus.ts. Both buses keep their newest events in the same bounded log
 * (event-log.ts), so `subscribe` stays synchronous.
 */
export interface EventBus {
  publish(...events: LiveEventInput[]): void
  /** The newest event's id (before any event, the id this log starts after). */
  newestId(): number
  /**
   * Starts delivering events to `listener`. With a resume point (a Last-Event-ID), replays the
   * logged events after it, or reports a gap when it lies outside [the id before the oldest
   * logged event, newest].
   * Replay and registration happen in one step, so no event falls between them.
   */
  subscribe(since: number | undefined, listener: (event: LoggedEvent) => void): Subscription
  /** How many listeners are subscribed (for tests and measurements). */
  listenerCount(): number
  /**
   * Reads, before a subscription, what other processes committed up to `id` and this process has
   * not heard yet: a browser that heard event `id` from another process resumes here a moment
   * later. Only a bus shared by several processes has anything to read.
   */
  catchUpTo?(id: number): Promise<void>
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

/** The bus of one process, with a bounded in-memory log to resume from. */
export function createInProcessEventBus({ logSize, startId = processStartId() }: EventBusOptions): EventBus {
  const log = createEventLog({ logSize, startId })
  return {
    publish(...events) {
      for (const input of events) log.append({ ...input, id: log.newestId() + 1 } as LoggedEvent)
    },
    newestId: log.newestId,
    subscribe: log.subscribe,
    listenerCount: log.listenerCount,
  }
}

// One bus per database: services publish to the bus of the database they wrote to, so the server
// has one and each test database gets its own.
const buses = new WeakMap<Database, EventBus>()

/**
 * Makes `bus` the one `eventBusFor(db)` answers: the server registers the PostgreSQL bus
 * (postgres-event-bus.ts) once it listens, so events cross processes. Without one, a database gets
 * an in-process bus on first use: SQLite's (one process), and a test's.
 */
export function registerEventBus(db: Database, bus: EventBus) {
  buses.set(db, bus)
}

export function eventBusFor(db: Database): EventBus {
  let bus = buses.get(db)
  if (!bus) {
    bus = createInProcessEventBus({ logSize: serverSettings().LIVE_EVENT_LOG_SIZE })
    buses.set(db, bus)
  }
  return bus
}
