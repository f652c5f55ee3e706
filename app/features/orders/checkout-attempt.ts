import { isApiError } from '~/lib/api-error'
import { newIdempotencyKey } from '~/lib/idempotency'
import type { CheckoutInput } from './orders.schemas'

/**
 * One attempt to place an order: the Idempotency-Key every send of these details carries. Query's
 * own retries reuse the mutation's variables, and a shopper pressing "Place order" again after a
 * lost connection reuses the attempt, so neither can place two orders. New details make a new
 * attempt (the server would refuse the old key with another body).
 */
export type CheckoutAttempt = { idempotencyKey: string; details: string }

export function attemptFor(current: CheckoutAttempt | undefined, input: CheckoutInput): CheckoutAttempt {
  const details = JSON.stringify(input)
  if (current && current.details === details) return current
  return { idempotencyKey: newIdempotencyKey(), details }
}

/**
 * Whether an attempt is over once it failed with this error. The server's answer ends it (a 4xx
 * says what was decided; nothing was kept, so the next press starts afresh). A lost connection or
 * a 5xx leaves it open: the order may have been placed, and only the same key can find out.
 */
export function attemptEndedBy(error: unknown) {
  return isApiError(error) && error.status >= 400 && error.status < 500 && error.status !== 429
}
