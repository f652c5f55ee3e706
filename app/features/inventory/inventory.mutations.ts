import { useMutation } from '@tanstack/react-query'
import type { ZodError } from 'zod'
import { apiSend } from '~/lib/api-client'
import { isApiError, type ApiError, type NetworkError } from '~/lib/api-error'
import { findInventoryRow, writeInventoryRow } from './inventory-rows'
import { inventoryKeys } from './inventory.queries'
import { inventoryRowSchema, type InventoryRow } from './inventory.schemas'

export type InventoryChangeError = ApiError | NetworkError | ZodError
export type UpdateProductVariables = { productId: number; stock?: number; priceCents?: number; version: number }
export type RestockVariables = { productId: number; delta: number; reason: string }

/** The row a 409 VERSION_CONFLICT carries: the product as the server has it now. */
export function conflictingRow(error: unknown): InventoryRow | undefined {
  if (!isApiError(error, 409) || error.code !== 'VERSION_CONFLICT') return undefined
  const parsed = inventoryRowSchema.safeParse((error.details as { current?: unknown } | undefined)?.current)
  return parsed.success ? parsed.data : undefined
}

/**
 * An inline edit of stock and/or price, sent with the version the admin saw. The row changes at
 * once; any failure but a conflict puts the row back. A conflict's row, like a success's, is news
 * for every cache that shows the product: the cascade writes it (app/query/mutation-cascade.ts),
 * and the grid keeps the admin's draft beside it. Never retried: a replay after a lost answer
 * would conflict with itself.
 */
export function useUpdateProductMutation() {
  return useMutation<InventoryRow, InventoryChangeError, UpdateProductVariables, { previous: InventoryRow | undefined }>({
    mutationKey: inventoryKeys.updateProduct(),
    // Offline it fails at once (NetworkError) and rolls back, rather than waiting paused and unseen.
    networkMode: 'always',
    mutationFn: ({ productId, ...body }) => apiSend('PATCH', `/api/admin/products/${productId}`, inventoryRowSchema, { body }),
    onMutate: async ({ productId, stock, priceCents }, { client }) => {
      // A background refetch landing after this write would show the old value again.
      await client.cancelQueries({ queryKey: inventoryKeys.lists() })
      const previous = findInventoryRow(client, productId)
      if (previous) writeInventoryRow(client, { ...previous, stock: stock ?? previous.stock, priceCents: priceCents ?? previous.priceCents })
      return { previous }
    },
    onError: async (error, _variables, context, { client }) => {
      if (conflictingRow(error) || !context?.previous) return
      await client.cancelQueries({ queryKey: inventoryKeys.lists() })
      writeInventoryRow(client, context.previous)
    },
  })
}

/**
 * A restock or write-off by a delta: the server applies it atomically, so it is not guessed here;
 * its row reaches the caches through the cascade.
 */
export function useRestockMutation() {
  return useMutation<InventoryRow, InventoryChangeError, RestockVariables>({
    mutationKey: inventoryKeys.restock(),
    // Offline it fails at once (NetworkError), rather than waiting paused and unseen.
    networkMode: 'always',
    mutationFn: ({ productId, delta, reason }) => apiSend('POST', `/api/admin/products/${productId}/restock`, inventoryRowSchema, { body: { delta, reason } }),
  })
}
