import { useMutation, type QueryClient } from '@tanstack/react-query'
import type { ZodError } from 'zod'
import { cascadeAfterAdminChange, writeInventoryRow } from '~/query/cascade'
import { apiSend } from '~/lib/api-client'
import { isApiError, type ApiError, type NetworkError } from '~/lib/api-error'
import { inventoryKeys, type InventoryData } from './inventory.queries'
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

function findInventoryRow(client: QueryClient, productId: number) {
  for (const [, data] of client.getQueriesData<InventoryData>({ queryKey: inventoryKeys.lists() })) {
    const row = data?.pages.flatMap((page) => page.items).find((item) => item.productId === productId)
    if (row) return row
  }
  return undefined
}

/**
 * An inline edit of stock and/or price, sent with the version the admin saw. The row changes at
 * once; a conflict writes the server's row (the grid keeps the admin's draft beside it), any other
 * failure puts the row back. Never retried: a replay after a lost answer would conflict with itself.
 */
export function useUpdateProductMutation() {
  return useMutation<InventoryRow, InventoryChangeError, UpdateProductVariables, { previous: InventoryRow | undefined; sentAt: number }>({
    mutationKey: inventoryKeys.updateProduct(),
    // Offline it fails at once (NetworkError) and rolls back, rather than waiting paused and unseen.
    networkMode: 'always',
    mutationFn: ({ productId, ...body }) => apiSend('PATCH', `/api/admin/products/${productId}`, inventoryRowSchema, { body }),
    onMutate: async ({ productId, stock, priceCents }, { client }) => {
      // A background refetch landing after this write would show the old value again.
      await client.cancelQueries({ queryKey: inventoryKeys.lists() })
      const previous = findInventoryRow(client, productId)
      if (previous) writeInventoryRow(client, { ...previous, stock: stock ?? previous.stock, priceCents: priceCents ?? previous.priceCents })
      return { previous, sentAt: Date.now() }
    },
    onSuccess: async (row, _variables, context, { client }) => {
      // A background refetch that started during the save read the old row: it must not land after.
      await client.cancelQueries({ queryKey: inventoryKeys.lists() })
      cascadeAfterAdminChange(client, row, { observedAt: context.sentAt })
      void client.invalidateQueries({ queryKey: inventoryKeys.movements(row.productId) })
    },
    onError: async (error, _variables, context, { client }) => {
      await client.cancelQueries({ queryKey: inventoryKeys.lists() })
      const current = conflictingRow(error)
      if (current) cascadeAfterAdminChange(client, current, { observedAt: context?.sentAt ?? Date.now() })
      else if (context?.previous) writeInventoryRow(client, context.previous)
    },
  })
}

/** A restock or write-off by a delta: the server applies it atomically, so it is not guessed here. */
export function useRestockMutation() {
  return useMutation<InventoryRow, InventoryChangeError, RestockVariables, { sentAt: number }>({
    mutationKey: inventoryKeys.restock(),
    // Offline it fails at once (NetworkError), rather than waiting paused and unseen.
    networkMode: 'always',
    mutationFn: ({ productId, delta, reason }) => apiSend('POST', `/api/admin/products/${productId}/restock`, inventoryRowSchema, { body: { delta, reason } }),
    onMutate: () => ({ sentAt: Date.now() }),
    onSuccess: async (row, { productId }, context, { client }) => {
      await client.cancelQueries({ queryKey: inventoryKeys.lists() })
      cascadeAfterAdminChange(client, row, { observedAt: context.sentAt })
      void client.invalidateQueries({ queryKey: inventoryKeys.movements(productId) })
    },
  })
}
