import { onlineManager, QueryClient } from '@tanstack/react-query'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { ApiError, NetworkError } from './api-error'
import { createQueryClient, ensureQuery, retryDelay, shouldRetryQuery } from './query-client'

afterEach(() => {
  vi.useRealTimers()
  onlineManager.setOnline(true)
})

// A query whose answer counts how many times it was fetched.
function counter(key: string, staleTime: number) {
  const fetches = { count: 0 }
  const fetchCount = async () => ++fetches.count
  const options = { queryKey: ['test', key], queryFn: fetchCount, staleTime }
  return { options, calls: () => fetches.count }
}

describe('ensureQuery', () => {
  it('fetches when the cache has nothing', async () => {
    const client = new QueryClient()
    const query = counter('missing', 60_000)
    await expect(ensureQuery(client, query.options)).resolves.toBe(1)
    expect(query.calls()).toBe(1)
  })

  it('answers fresh data from the cache without fetching', async () => {
    const client = new QueryClient()
    const query = counter('fresh', 60_000)
    await ensureQuery(client, query.options)
    await expect(ensureQuery(client, query.options)).resolves.toBe(1)
    expect(query.calls()).toBe(1)
  })

  it('answers stale data at once and refreshes it in the background', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const client = new QueryClient()
    const query = counter('stale', 10_000)
    await ensureQuery(client, query.options)
    vi.setSystemTime(Date.now() + 11_000)

    await expect(ensureQuery(client, query.options)).resolves.toBe(1)
    await vi.waitFor(() => expect(client.getQueryData(query.options.queryKey)).toBe(2))
    expect(query.calls()).toBe(2)
  })
})

describe('ensureQuery while offline', () => {
  it('fails at once with NetworkError when there is nothing cached, instead of waiting for the network', async () => {
    const client = new QueryClient()
    onlineManager.setOnline(false)
    await expect(ensureQuery(client, counter('offline', 60_000).options)).rejects.toBeInstanceOf(NetworkError)
  })

  it('still answers what the cache holds', async () => {
    const client = new QueryClient()
    const query = counter('offline-cached', 60_000)
    await ensureQuery(client, query.options)
    onlineManager.setOnline(false)
    await expect(ensureQuery(client, query.options)).resolves.toBe(1)
  })
})

describe('shouldRetryQuery', () => {
  it('retries server errors and lost connections up to three times', () => {
    const serverError = new ApiError(503, 'INTERNAL_ERROR', 'Busy')
    expect([0, 1, 2, 3].map((failures) => shouldRetryQuery(failures, serverError))).toEqual([true, true, true, false])
    expect(shouldRetryQuery(0, new NetworkError())).toBe(true)
  })

  it('retries a 429, which asks for patience rather than a different request', () => {
    expect(shouldRetryQuery(0, new ApiError(429, 'RATE_LIMITED', 'Slow down'))).toBe(true)
  })

  it('never retries a 4xx answer or an answer that does not match its schema', () => {
    expect(shouldRetryQuery(0, new ApiError(404, 'NOT_FOUND', 'Gone'))).toBe(false)
    expect(shouldRetryQuery(0, new ApiError(400, 'VALIDATION_ERROR', 'Bad'))).toBe(false)
    expect(shouldRetryQuery(0, z.number().safeParse('x').error)).toBe(false)
  })
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

describe('retryDelay', () => {
  it('waits a random time up to a ceiling that doubles with each failure, capped at 30 s', () => {
    const samples = (failures: number) => Array.from({ length: 200 }, () => retryDelay(failures, new NetworkError()))
    for (const [failures, ceiling] of [[0, 1_000], [1, 2_000], [2, 4_000], [10, 30_000]] as const) {
      const delays = samples(failures)
      expect(Math.max(...delays)).toBeLessThanOrEqual(ceiling)
      expect(Math.min(...delays)).toBeGreaterThanOrEqual(0)
      // Full jitter spreads the waits over the whole range, not around one value.
      expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThan(ceiling / 2)
    }
  })

  it('waits exactly as long as the server asked with Retry-After', () => {
    const error = new ApiError(429, 'RATE_LIMITED', 'Slow down', undefined, { retryAfterMs: 2_000 })
    expect(retryDelay(0, error)).toBe(2_000)
    expect(retryDelay(2, error)).toBe(2_000)
  })
})
