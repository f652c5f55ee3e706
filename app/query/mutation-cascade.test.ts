import type { QueryClient } from '@tanstack/react-query'
import { describe, expect, it } from 'vitest'
import { allowConsoleErrors } from '../../tests/support/fail-on-console-error'
import { cartKeys } from '~/features/cart/cart.queries'
import { inventoryKeys, type InventoryData } from '~/features/inventory/inventory.queries'
import type { InventoryRow } from '~/features/inventory/inventory.schemas'
import { orderKeys, orderQueries } from '~/features/orders/orders.queries'
import type { Order } from '~/features/orders/orders.schemas'
import { stockKeys } from '~/features/catalog/stock.queries'
import { createQueryClient } from './query-client'

/**
 * The cascade runs from the MutationCache: a change declared with only its key and its request
 * (no page callbacks at all, as after a reload) still reaches every cache it affects.
 */
function runBare<TData>(client: QueryClient, mutationKey: readonly unknown[], answer: TData, { meta, variables }: { meta?: Record<string, unknown>; variables?: unknown } = {}) {
  return client.getMutationCache().build(client, { mutationKey, meta, mutationFn: async () => answer }).execute(variables)
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
    client.setQueryData(cartKeys.detail(), { lines: [], itemCount: 1, subtotalCents: 100, currency: 'USD', updatedAt: '2026-12-01T09:00:00.000Z' })
    await runBare(client, orderKeys.place(), order)
    expect(client.getQueryData(orderQueries.detail(order.id).queryKey)).toBe(order)
    expect(client.getQueryData(cartKeys.detail())).toMatchObject({ itemCount: 0, updatedAt: order.createdAt })
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

describe('the cascade, guarded', () => {
  it('a rule that throws does not fail a change the server applied: the error is reported', async () => {
    allowConsoleErrors(/The cascade failed after/)
    const client = createQueryClient()
    const malformed = { id: 'CW-1002' } as unknown as Order
    await expect(runBare(client, orderKeys.place(), malformed)).resolves.toBe(malformed)
    expect(client.getMutationCache().getAll()[0]?.state.status).toBe('success')
  })
})

describe('changes restored from disk', () => {
  const cart = { lines: [], itemCount: 1, subtotalCents: 100, currency: 'USD' as const, updatedAt: '2026-12-01T09:00:00.000Z' }

  it('read the cart again once, after the last of them, even when their answers land in one tick', async () => {
    const client = createQueryClient()
    client.setQueryData(cartKeys.detail(), cart)
    const restored = { meta: { restored: true } }
    await Promise.all([
      runBare(client, cartKeys.setLineQuantity(), cart, { ...restored, variables: { productId: 1, quantity: 2 } }),
      runBare(client, cartKeys.setLineQuantity(), cart, { ...restored, variables: { productId: 2, quantity: 3 } }),
    ])
    expect(client.getQueryState(cartKeys.detail())?.isInvalidated).toBe(true)
  })
})

describe('an admin’s change', () => {
  it('leaves alone an inventory list still loading its first page (a route may be waiting for it)', async () => {
    const client = createQueryClient()
    const page = { items: [], total: 0, page: 1, pageSize: 200 }
    let answer = () => {}
    const loading = client.fetchInfiniteQuery({
      queryKey: inventoryKeys.list({ q: 'probe' } as never),
      queryFn: () => new Promise((resolve) => (answer = () => resolve(page))),
      initialPageParam: 1,
    })
    const row = { productId: 7, stock: 40, priceCents: 1_000, version: 3, updatedAt: '2026-12-01T10:00:00.000Z' } as InventoryRow
    await runBare(client, inventoryKeys.restock(), row)
    answer()
    await expect(loading).resolves.toEqual({ pages: [page], pageParams: [1] } satisfies InventoryData)
  })
})