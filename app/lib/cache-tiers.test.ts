import { afterEach, describe, expect, it } from 'vitest'
import { cacheTiers } from '../../app.config'
import { tierOptions } from './cache-tiers'
import { liveStatus, type LiveStatus } from './live-status'

afterEach(() => liveStatus.set('off'))

/** The options' timing as Query reads it, with the stream in one state. */
function timingWhile(status: LiveStatus) {
  liveStatus.set(status)
  const { refetchInterval, refetchOnWindowFocus } = tierOptions('volatile', { pushed: true })
  const read = (option: unknown) => (typeof option === 'function' ? (option as () => unknown)() : option)
  return { interval: read(refetchInterval), focus: read(refetchOnWindowFocus) }
}

describe('pushed data', () => {
  it('polls and refetches on focus as its tier says when no stream runs or the stream is down', () => {
    const tier = { interval: cacheTiers.volatile.refetchInterval, focus: cacheTiers.volatile.refetchOnWindowFocus }
    expect(timingWhile('off')).toEqual(tier)
    expect(timingWhile('down')).toEqual(tier)
  })

  it('neither polls nor refetches on focus while live events arrive, or are on their way after a page load', () => {
    expect(timingWhile('live')).toEqual({ interval: false, focus: false })
    expect(timingWhile('connecting')).toEqual({ interval: false, focus: false })
  })

  it('does not age while live events arrive, when each entry is one product’s state', () => {
    const staleTimeWhile = (status: LiveStatus) => {
      liveStatus.set(status)
      const { staleTime } = tierOptions('volatile', { pushed: true, freshWhileLive: true })
      return typeof staleTime === 'function' ? staleTime() : staleTime
    }
    expect(staleTimeWhile('live')).toBe(Infinity)
    expect(staleTimeWhile('connecting')).toBe(Infinity)
    expect(staleTimeWhile('down')).toBe(cacheTiers.volatile.staleTime)
    expect(staleTimeWhile('off')).toBe(cacheTiers.volatile.staleTime)
  })

  it('ages as its tier says when it is a list, whose membership no event carries', () => {
    liveStatus.set('live')
    expect(tierOptions('admin', { pushed: true }).staleTime).toBe(cacheTiers.admin.staleTime)
  })

  it('is the tier as it stands for data no event carries', () => {
    liveStatus.set('live')
    expect(tierOptions('admin')).toMatchObject({ refetchInterval: cacheTiers.admin.refetchInterval, refetchOnWindowFocus: true })
  })
})
