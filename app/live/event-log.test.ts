import { describe, expect, it } from 'vitest'
import { createEventLog, type LoggedEvent } from './event-log'

const stock = (id: number): LoggedEvent => ({ id, type: 'stock', data: { productId: id, stock: 5, version: 2 }, audience: { to: 'everyone' } })

const ids = (events: LoggedEvent[]) => events.map((event) => event.id)

function logWith(eventIds: number[], logSize = 3) {
  const log = createEventLog({ logSize, startId: 100 })
  for (const id of eventIds) log.append(stock(id))
  return log
}

const replayFrom = (log: ReturnType<typeof createEventLog>, since: number) => {
  const start = log.subscribe(since, () => {})
  return start.kind === 'resumed' ? ids(start.replay) : start.kind
}

describe('the event log, with ids that skip (a rolled-back insert leaves a hole)', () => {
  it('replays the events after a resume point that falls in a hole', () => {
    const log = logWith([101, 104, 105], 10)
    expect(replayFrom(log, 102)).toEqual([104, 105])
    expect(replayFrom(log, 101)).toEqual([104, 105])
  })

  it('resumes from the newest dropped id, across a hole, and calls anything older a gap', () => {
    // 101 and 103 dropped to keep three: a browser that read 103 missed nothing (104 and 105 never were).
    const log = logWith([101, 103, 106, 107, 108])
    expect(replayFrom(log, 103)).toEqual([106, 107, 108])
    expect(replayFrom(log, 104)).toEqual([106, 107, 108])
    expect(replayFrom(log, 102)).toBe('gap')
    expect(replayFrom(log, 109)).toBe('gap')
  })

  it('refuses an id that is not above the newest', () => {
    const log = logWith([101, 104])
    expect(() => log.append(stock(104))).toThrow(/not newer/)
    expect(log.newestId()).toBe(104)
  })

  it('after a restart, replays only what came after it and calls older points gaps, keeping its listeners', () => {
    const log = logWith([101, 102])
    const heard: LoggedEvent[] = []
    log.subscribe(undefined, (event) => heard.push(event))
    log.restartAfter(109)
    log.append(stock(110))
    expect(replayFrom(log, 109)).toEqual([110])
    expect(replayFrom(log, 102)).toBe('gap')
    expect(ids(heard)).toEqual([110])
  })
})
