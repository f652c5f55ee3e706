import { QueryClient } from '@tanstack/react-query'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { ApiError, NetworkError } from './api-error'
import { ensureQuery, shouldRetryQuery } from './query-client'

afterEach(() => {
  vi.useRealTimers()
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

describe('shouldRetryQuery', () => {
  it('retries server errors and lost connections up to three times', () => {
    const serverError = new ApiError(503, 'INTERNAL_ERROR', 'Busy')
    expect([0, 1, 2, 3].map((failures) => shouldRetryQuery(failures, serverError))).toEqual([true, true, true, false])
    expect(shouldRetryQuery(0, new NetworkError())).toBe(true)
  })

  it('never retries a 4xx answer or an answer that does not match its schema', () => {
    expect(shouldRetryQuery(0, new ApiError(404, 'NOT_FOUND', 'Gone'))).toBe(false)
    expect(shouldRetryQuery(0, new ApiError(400, 'VALIDATION_ERROR', 'Bad'))).toBe(false)
    expect(shouldRetryQuery(0, z.number().safeParse('x').error)).toBe(false)
  })
})
