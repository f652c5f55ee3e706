import { describe, expect, it } from 'vitest'
import { createFailureLimiter } from './rate-limit'

describe('the failure limiter', () => {
  it('lets ten failures a minute through and stops the eleventh until the oldest is a minute old', () => {
    const limiter = createFailureLimiter({ limit: 10, windowMs: 60_000 })
    for (let second = 0; second < 10; second++) {
      expect(limiter.retryAfterMs('email:a', second * 1000)).toBe(0)
      limiter.recordFailure('email:a', second * 1000)
    }
    expect(limiter.retryAfterMs('email:a', 10_000)).toBe(50_000)
    expect(limiter.retryAfterMs('email:a', 60_001)).toBe(0)
  })

  it('keeps keys apart and forgets a key on reset', () => {
    const limiter = createFailureLimiter({ limit: 2, windowMs: 60_000 })
    limiter.recordFailure('ip:1', 0)
    limiter.recordFailure('ip:1', 1)
    expect(limiter.retryAfterMs('ip:1', 2)).toBeGreaterThan(0)
    expect(limiter.retryAfterMs('ip:2', 2)).toBe(0)
    limiter.reset('ip:1')
    expect(limiter.retryAfterMs('ip:1', 3)).toBe(0)
  })
})
