import { useMutation } from '@tanstack/react-query'
import type { $ZodError } from 'zod/v4/core'
import { apiSend } from '~/lib/api-client'
import type { ApiError, NetworkError } from '~/lib/api-error'
import { cancelListReadsHolding, findInventoryRow, writeInventoryRow } from './inventory-rows'
import { inventoryKeys } from './inventory.queries'
import { conflictingRow, inventoryRowSchema, type InventoryRow } from './inventory.schemas'

export type InventoryChangeError = ApiError | NetworkError | $ZodError
export type UpdateProductVariables = { productId: number; stock?: number; priceCents?: number; version: number }
export type RestockVariables = { productId: number; delta: number; reason: string }

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
      await cancelListReadsHolding(client, productId)
      const previous = findInventoryRow(client, productId)
      if (previous) writeInventoryRow(client, { ...previous, stock: stock ?? previous.stock, priceCents: priceCents ?? previous.priceCents })
      return { previous }
    },
    onError: async (error, _variables, context, { client }) => {
      if (conflictingRow(error) || !context?.previous) return
      await cancelListReadsHolding(client, context.previous.productId)
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
