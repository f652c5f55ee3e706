import { describe, expect, it } from 'vitest'
import { createInProcessEventBus, processStartId, type LoggedEvent } from './event-bus'
import type { LiveEventInput } from './live-events'

const stock = (productId: number, level = 5): LiveEventInput => ({ type: 'stock', data: { productId, stock: level, version: 2 }, audience: { to: 'everyone' } })

const START = processStartId(Date.UTC(2025, 0, 1))

function busWithEvents(count: number, logSize = 10) {
  const bus = createInProcessEventBus({ logSize, startId: START })
  for (let productId = 1; productId <= count; productId += 1) bus.publish(stock(productId))
  return bus
}

const ids = (events: LoggedEvent[]) => events.map((event) => event.id)

describe('the in-process event bus', () => {
  it('gives each event an id one above the last, starting after the process start id', () => {
    const bus = createInProcessEventBus({ logSize: 10, startId: START })
    const heard: LoggedEvent[] = []
    bus.subscribe(undefined, (event) => heard.push(event))
    bus.publish(stock(1), stock(2))
    bus.publish(stock(3))
    expect(ids(heard)).toEqual([START + 1, START + 2, START + 3])
    expect(bus.newestId()).toBe(START + 3)
  })

  it('starts a later process above every id an earlier one gave out, within safe integers', () => {
    const earlier = busWithEvents(3)
    const later = createInProcessEventBus({ logSize: 10, startId: processStartId(Date.UTC(2025, 0, 1) + 1) })
    expect(later.newestId()).toBeGreaterThan(earlier.newestId())
    expect(Number.isSafeInteger(processStartId(Date.UTC(2200, 0, 1)) + 1_000_000)).toBe(true)
  })

  it('replays exactly the events after a resume point inside the log, then delivers live ones', () => {
    const bus = busWithEvents(5)
    const heard: LoggedEvent[] = []
    const subscription = bus.subscribe(START + 2, (event) => heard.push(event))
    expect(subscription.kind).toBe('resumed')
    expect(subscription.kind === 'resumed' && ids(subscription.replay)).toEqual([START + 3, START + 4, START + 5])
    bus.publish(stock(6))
    expect(ids(heard)).toEqual([START + 6])
  })

  it('resumes from the newest id with nothing to replay, and from the start id before any event', () => {
    const bus = busWithEvents(5)
    const atNewest = bus.subscribe(START + 5, () => {})
    expect(atNewest.kind === 'resumed' && atNewest.replay).toEqual([])
    const fresh = createInProcessEventBus({ logSize: 10, startId: START })
    expect(fresh.subscribe(START, () => {}).kind).toBe('resumed')
  })

  it('keeps only the newest logSize events: the one before the oldest kept still resumes, older is a gap', () => {
    const bus = busWithEvents(25, 10)
    const oldestKept = START + 16
    const resumed = bus.subscribe(oldestKept - 1, () => {})
    expect(resumed.kind === 'resumed' && ids(resumed.replay)).toEqual(Array.from({ length: 10 }, (_, index) => oldestKept + index))
    expect(bus.subscribe(oldestKept - 2, () => {}).kind).toBe('gap')
  })

  it('treats an id from another process, below or above this one’s range, as a gap', () => {
    const bus = busWithEvents(3)
    const earlierProcess = processStartId(Date.UTC(2024, 11, 31)) + 7
    const laterProcess = processStartId(Date.UTC(2025, 0, 2)) + 1
    expect(bus.subscribe(earlierProcess, () => {}).kind).toBe('gap')
    expect(bus.subscribe(laterProcess, () => {}).kind).toBe('gap')
    expect(bus.subscribe(0, () => {}).kind).toBe('gap')
  })

  it('stops delivering to a listener once it unsubscribes', () => {
    const bus = busWithEvents(0)
    const heard: LoggedEvent[] = []
    const subscription = bus.subscribe(undefined, (event) => heard.push(event))
    expect(bus.listenerCount()).toBe(1)
    subscription.unsubscribe()
    bus.publish(stock(1))
    expect(heard).toEqual([])
    expect(bus.listenerCount()).toBe(0)
  })
})
