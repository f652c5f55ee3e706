import { onlineManager } from '@tanstack/react-query'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, NetworkError } from '~/lib/api-error'
import { createQueryClient } from '~/query/query-client'

afterEach(() => {
  vi.useRealTimers()
  onlineManager.setOnline(true)
})

describe('the query retry policy, on the clock', () => {
  /** A query that fails with `error` until `failures` runs out, recording when each attempt started. */
  function failing(error: unknown, failures: number) {
    const attempts: number[] = []
    const start = Date.now()
    const queryFn = async () => {
      attempts.push(Date.now() - start)
      if (attempts.length <= failures) throw error
      return 'ok'
    }
    return { attempts, options: { queryKey: ['test', 'retry', String(Math.random())], queryFn } }
  }

  it('backs off with full jitter: each wait is random, below a ceiling that doubles (1 s, 2 s, 4 s)', async () => {
    vi.useFakeTimers()
    // The longest waits the jitter allows: 1 s, then 2 s, then 4 s.
    vi.spyOn(Math, 'random').mockReturnValue(0.999)
    const client = createQueryClient()
    const query = failing(new ApiError(503, 'INTERNAL_ERROR', 'Busy'), 3)
    const result = client.fetchQuery(query.options)
    await vi.advanceTimersByTimeAsync(10_000)
    await expect(result).resolves.toBe('ok')
    const waits = query.attempts.slice(1).map((at, index) => at - (query.attempts[index] as number))
    expect(waits).toHaveLength(3)
    for (const [index, ceiling] of [1_000, 2_000, 4_000].entries()) {
      expect(waits[index]).toBeGreaterThan(ceiling * 0.99)
      expect(waits[index]).toBeLessThanOrEqual(ceiling)
    }
    vi.restoreAllMocks()
  })

  it('gives up after three retries', async () => {
    vi.useFakeTimers()
    const client = createQueryClient()
    const query = failing(new NetworkError(), 10)
    const result = client.fetchQuery(query.options).catch((error: unknown) => error)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(await result).toBeInstanceOf(NetworkError)
    expect(query.attempts).toHaveLength(4)
  })

  it('waits what Retry-After says on a 429', async () => {
    vi.useFakeTimers()
    const client = createQueryClient()
    const query = failing(new ApiError(429, 'RATE_LIMITED', 'Slow down', undefined, { retryAfterMs: 2_000 }), 1)
    const result = client.fetchQuery(query.options)
    await vi.advanceTimersByTimeAsync(5_000)
    await expect(result).resolves.toBe('ok')
    expect(query.attempts).toEqual([0, 2_000])
  })

  it('never retries a 4xx: one attempt', async () => {
    vi.useFakeTimers()
    const client = createQueryClient()
    const query = failing(new ApiError(404, 'NOT_FOUND', 'Gone'), 10)
    const result = client.fetchQuery(query.options).catch((error: unknown) => error)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(await result).toMatchObject({ status: 404 })
    expect(query.attempts).toEqual([0])
  })
})

