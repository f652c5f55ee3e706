import { describe, expect, it } from 'vitest'
import { describeSlidingWindowStore } from '../../tests/support/sliding-window-store'
import { createMemoryRateLimitStore } from './rate-limit-store'

describeSlidingWindowStore('the in-memory rate-limit store', () => {
  const store = createMemoryRateLimitStore()
  return { first: store, second: store }
})

describe('the in-memory rate-limit store’s memory', () => {
  it('keeps at most maxKeys keys per limiter, as the limiter it wraps does', async () => {
    const store = createMemoryRateLimitStore({ maxKeys: 10 })
    const limiter = store.limiter({ name: 'cart', limit: 2, windowMs: 60_000 })
    const keys = Array.from({ length: 11 }, (_, index) => `ip:${index}`)
    for (const key of keys) await store.take([{ limiter, key }], 0)
    const kept = []
    for (const key of keys) if ((await limiter.count(key, 1)) > 0) kept.push(key)
    expect(kept).toEqual(keys.slice(2))
  })
})
