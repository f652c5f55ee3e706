import { $ZodError } from 'zod/v4/core'
import { isApiError, NetworkError } from './api-error'

const MAX_QUERY_RETRIES = 3
const BASE_RETRY_DELAY_MS = 1_000
const MAX_RETRY_DELAY_MS = 30_000

/**
 * Whether asking again could give another answer: a lost connection, a 5xx or a 429 might; any
 * other 4xx, or an answer that does not match its schema, will not.
 */
export function shouldRetryQuery(failureCount: number, error: unknown) {
  if (failureCount >= MAX_QUERY_RETRIES) return false
  if (error instanceof $ZodError) return false
  if (isApiError(error)) return error.status >= 500 || error.status === 429
  return true
}

/**
 * Whether to send a write again. Only for writes that apply once however often they arrive (an
 * absolute PUT, a DELETE, a POST with an Idempotency-Key), and only when the request may never have
 * reached the shop (no connection) or the shop said to come back (503): any other answer is final.
 */
export function shouldRetryReplaySafeWrite(failureCount: number, error: unknown) {
  if (failureCount >= MAX_QUERY_RETRIES) return false
  return error instanceof NetworkError || isApiError(error, 503)
}

/**
 * Exponential backoff with full jitter (a random wait up to 1 s, 2 s, 4 s…, capped at 30 s), so
 * many browsers that failed together do not retry together. A Retry-After from the server wins.
 */
export function retryDelay(failureCount: number, error: unknown) {
  if (isApiError(error) && error.retryAfterMs !== undefined) return error.retryAfterMs
  return Math.random() * Math.min(MAX_RETRY_DELAY_MS, BASE_RETRY_DELAY_MS * 2 ** failureCount)
}
