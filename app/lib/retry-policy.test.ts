import { onlineManager } from '@tanstack/react-query'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { ApiError, NetworkError } from './api-error'
import { retryDelay, shouldRetryQuery } from './retry-policy'

afterEach(() => {
  vi.useRealTimers()
  onlineManager.setOnline(true)
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
