import { useMutation } from '@tanstack/react-query'
import type { $ZodError } from 'zod/v4/core'
import { apiSend } from '~/lib/api-client'
import type { ApiError, NetworkError } from '~/lib/api-error'
import { adminOrderKeys } from './order-admin.queries'
import { cancellationSchema, type Cancellation } from './order-admin.schemas'

/**
 * Cancels an order. Not optimistic: whether the stock can go back is the server's to say, and a
 * cancel is rare and deliberate. Not retried: a second cancel is refused (409), never applied twice.
 * The answer reaches the order and stock caches through the cascade.
 */
export function useCancelOrderMutation() {
  return useMutation<Cancellation, ApiError | NetworkError | $ZodError, string>({
    mutationKey: adminOrderKeys.cancel(),
    // Offline it fails at once and says so, rather than waiting to be sent unseen on reconnect.
    networkMode: 'always',
    mutationFn: (orderNumber) => apiSend('POST', `/api/admin/orders/${encodeURIComponent(orderNumber)}/cancel`, cancellationSchema),
  })
}
