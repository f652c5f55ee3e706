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
 * The newest events of a bus, in id order, and the listeners they go to. Ids come from the bus
 * and only increase, but need not be consecutive (a PostgreSQL sequence skips the id of a
 * rolled-back insert), so the log keeps its own `floor`: the id it holds every event after. That is
 * the id it started after, then the newest id it has dropped to stay within `logSize`.
 */
export type EventLog = {
  /** Logs the event and delivers it to every listener; its id must be above every logged one. */
  append(event: LoggedEvent): void
  /**
   * Forgets the logged events and starts again after `id`: what came between is unknown, so a
   * resume point before `id` becomes a gap. Listeners stay subscribed. `id` is at least the newest.
   */
  restartAfter(id: number): void
  newestId(): number
  subscribe(since: number | undefined, listener: (event: LoggedEvent) => void): Subscription
  listenerCount(): number
}

export function createEventLog({ logSize, startId }: { logSize: number; startId: number }): EventLog {
  // A ring of logSize slots: `count` events, the oldest at `head`.
  const ring: Array<LoggedEvent | undefined> = new Array(logSize)
  let head = 0
  let count = 0
  let floor = startId
  let newest = startId
  const listeners = new Set<(event: LoggedEvent) => void>()

  const at = (position: number) => ring[(head + position) % logSize] as LoggedEvent

  /** The position of the first logged event with an id above `id` (count when none is). */
  function firstAfter(id: number) {
    let low = 0
    let high = count
    while (low < high) {
      const middle = (low + high) >>> 1
      if (at(middle).id <= id) low = middle + 1
      else high = middle
    }
    return low
  }

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
    append(event) {
      if (event.id <= newest) throw new Error(`Live event ${event.id} is not newer than ${newest}`)
      if (count === logSize) {
        floor = at(0).id
        head = (head + 1) % logSize
        count -= 1
      }
      ring[(head + count) % logSize] = event
      count += 1
      newest = event.id
      deliver(event)
    },
    restartAfter(id) {
      if (id < newest) throw new Error(`The live event log cannot restart after ${id}, below its newest ${newest}`)
      ring.fill(undefined)
      head = 0
      count = 0
      floor = id
      newest = id
    },
    newestId: () => newest,
    subscribe(since, listener) {
      let start: SubscriptionStart
      if (since === undefined) start = { kind: 'live' }
      else if (since < floor || since > newest) start = { kind: 'gap' }
      else {
        const first = firstAfter(since)
        start = { kind: 'resumed', replay: Array.from({ length: count - first }, (_, index) => at(first + index)) }
      }
      listeners.add(listener)
      return { ...start, newestId: newest, unsubscribe: () => listeners.delete(listener) }
    },
    listenerCount: () => listeners.size,
  }
}
