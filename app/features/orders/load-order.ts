import type { QueryClient } from '@tanstack/react-query'
import { notFound } from '@tanstack/react-router'
import { isApiError } from '~/lib/api-error'
import { ensureQuery } from '~/lib/ensure-query'
import { orderQueries } from './orders.queries'
import { orderNumberSchema } from './orders.schemas'

/**
 * For the loaders of an order's pages: the order, from the cache when checkout just wrote it,
 * else from the API. A malformed id, a missing order and another browser's order are all "not found".
 */
export async function loadOrder(queryClient: QueryClient, orderIdParam: string) {
  const orderId = orderNumberSchema.safeParse(orderIdParam)
  if (!orderId.success) throw notFound()
  try {
    return await ensureQuery(queryClient, orderQueries.detail(orderId.data))
  } catch (error) {
    if (isApiError(error, 404)) throw notFound()
    throw error
  }
}
