import { onlineManager, QueryClient } from '@tanstack/react-query'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { ApiError, NetworkError } from './api-error'
import { ensureQuery, retryDelay, shouldRetryQuery } from './query-client'

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
