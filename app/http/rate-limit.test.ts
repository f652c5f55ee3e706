import { describe, expect, it } from 'vitest'
import { createSlidingWindowLimiter } from './rate-limit'

describe('the sliding-window limiter', () => {
  it('lets ten failures a minute through and stops the eleventh until the oldest is a minute old', () => {
    const limiter = createSlidingWindowLimiter({ limit: 10, windowMs: 60_000 })
    for (let second = 0; second < 10; second++) {
      expect(limiter.retryAfterMs('email:a', second * 1000)).toBe(0)
      limiter.record('email:a', second * 1000)
    }
    expect(limiter.retryAfterMs('email:a', 10_000)).toBe(50_000)
    expect(limiter.retryAfterMs('email:a', 60_001)).toBe(0)
  })

  it('keeps keys apart and forgets a key on reset', () => {
    const limiter = createSlidingWindowLimiter({ limit: 2, windowMs: 60_000 })
    limiter.record('ip:1', 0)
    limiter.record('ip:1', 1)
    expect(limiter.retryAfterMs('ip:1', 2)).toBeGreaterThan(0)
    expect(limiter.retryAfterMs('ip:2', 2)).toBe(0)
    limiter.reset('ip:1')
    expect(limiter.retryAfterMs('ip:1', 3)).toBe(0)
  })
})

describe('the sliding-window limiter’s memory', () => {
  it('keeps at most maxKeys keys, dropping the oldest down to nine tenths when it overflows', () => {
    const limiter = createSlidingWindowLimiter({ limit: 2, windowMs: 60_000, maxKeys: 10 })
    const keys = Array.from({ length: 11 }, (_, index) => `ip:${index}`)
    for (const key of keys) limiter.record(key, 0)
    const kept = keys.filter((key) => limiter.count(key, 1) > 0)
    expect(kept).toEqual(keys.slice(2))
    // Counting still works for the keys kept: the newest is refused at its limit.
    limiter.record('ip:10', 2)
    expect(limiter.retryAfterMs('ip:10', 3)).toBe(59_997)
  })
})
