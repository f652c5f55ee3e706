import { onlineManager, useMutation } from '@tanstack/react-query'
import type { $ZodError } from 'zod/v4/core'
import { apiSend } from '~/lib/api-client'
import type { ApiError, NetworkError } from '~/lib/api-error'
import { retryDelay, shouldRetryReplaySafeWrite } from '~/lib/retry-policy'
import { orderKeys } from './orders.queries'
import { orderSchema, type CheckoutInput, type Order } from './orders.schemas'

export type PlaceOrderVariables = { input: CheckoutInput; idempotencyKey: string }
export type PlaceOrderError = ApiError | NetworkError | $ZodError

/**
 * Retried only where a replay is safe, which the Idempotency-Key makes it (a lost connection or a
 * 503), and never while the browser knows it is offline: the shopper hears at once.
 */
const retryPlaceOrder = (failureCount: number, error: unknown) => onlineManager.isOnline() && shouldRetryReplaySafeWrite(failureCount, error)

/**
 * Places the order. `networkMode: 'always'`: offline it fails at once and says so instead of
 * waiting paused, so an order is never queued without the shopper knowing. Its answer, or its
 * refusal, reaches the cart, stock, listing and order caches through the cascade
 * (app/query/mutation-cascade.ts).
 */
export function usePlaceOrderMutation() {
  return useMutation<Order, PlaceOrderError, PlaceOrderVariables>({
    mutationKey: orderKeys.place(),
    // One checkout at a time from this tab: a second press waits for the first answer.
    scope: { id: 'checkout' },
    networkMode: 'always',
    retry: retryPlaceOrder,
    retryDelay,
    mutationFn: ({ input, idempotencyKey }) => apiSend('POST', '/api/checkout', orderSchema, { body: input, idempotencyKey }),
  })
}
