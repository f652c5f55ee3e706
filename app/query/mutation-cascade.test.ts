import type { QueryClient } from '@tanstack/react-query'
import { describe, expect, it } from 'vitest'
import { cartQueries } from '~/features/cart/cart.queries'
import { inventoryKeys } from '~/features/inventory/inventory.queries'
import type { InventoryRow } from '~/features/inventory/inventory.schemas'
import { orderKeys, orderQueries } from '~/features/orders/orders.queries'
import type { Order } from '~/features/orders/orders.schemas'
import { stockKeys } from '~/features/catalog/stock.queries'
import { createQueryClient } from './query-client'

/**
 * The cascade runs from the MutationCache: a change declared with only its key and its request
 * (no page callbacks at all, as after a reload) still reaches every cache it affects.
 */
function runBare<TData>(client: QueryClient, mutationKey: readonly unknown[], answer: TData) {
  return client.getMutationCache().build(client, { mutationKey, mutationFn: async () => answer }).execute(undefined)
}

const order = {
  id: 'CW-1001',
  number: 'CW-1001',
  createdAt: '2026-12-01T10:00:00.000Z',
  lines: [{ productId: 7, quantity: 1 }],
} as unknown as Order

describe('the cascade, dispatched by mutation key', () => {
  it('writes a placed order and empties the cart, with no callbacks on the mutation', async () => {
    const client = createQueryClient()
    client.setQueryData(cartQueries.detail().queryKey, { lines: [], itemCount: 1, subtotalCents: 100, currency: 'USD', updatedAt: '2026-12-01T09:00:00.000Z' })
    await runBare(client, orderKeys.place(), order)
    expect(client.getQueryData(orderQueries.detail(order.id).queryKey)).toBe(order)
    expect(client.getQueryData(cartQueries.detail().queryKey)).toMatchObject({ itemCount: 0, updatedAt: order.createdAt })
  })

  it('writes an admin’s restocked row into the stock cache, with no callbacks on the mutation', async () => {
    const client = createQueryClient()
    const row = { productId: 7, stock: 40, priceCents: 1_000, version: 3, updatedAt: '2026-12-01T10:00:00.000Z' } as InventoryRow
    await runBare(client, inventoryKeys.restock(), row)
    expect(client.getQueryData(stockKeys.detail(7))).toMatchObject({ stock: 40, version: 3 })
  })

  it('leaves the caches alone for a key it has no rule for', async () => {
    const client = createQueryClient()
    await runBare(client, ['test', 'no-rule'], order)
    expect(client.getQueryCache().getAll()).toHaveLength(0)
  })
})
