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

describe('taking from the limiter', () => {
  it('counts what it lets through, refuses past the limit without counting, and keeps at most maxKeys keys', () => {
    const limiter = createSlidingWindowLimiter({ limit: 2, windowMs: 1_000, maxKeys: 3 })
    expect(limiter.take('cart:a', 0)).toBe(0)
    expect(limiter.take('cart:a', 100)).toBe(0)
    expect(limiter.take('cart:a', 200)).toBe(800)
    expect(limiter.count('cart:a', 200)).toBe(2)
    expect(limiter.take('cart:a', 1_001)).toBe(0)
    for (const key of ['b', 'c', 'd', 'e']) limiter.take(key, 1_002)
    expect(['cart:a', 'b', 'c', 'd', 'e'].filter((key) => limiter.count(key, 1_002) > 0)).toHaveLength(3)
  })
})
