import type { QueryKey } from '@tanstack/react-query'
import { describe, expect, it } from 'vitest'
import { adminKeys } from '~/features/admin/admin.queries'
import { cartKeys } from '~/features/cart/cart.queries'
import { catalogKeys } from '~/features/catalog/catalog.queries'
import { stockKeys } from '~/features/catalog/stock.queries'
import { inventoryKeys } from '~/features/inventory/inventory.queries'
import { orderKeys } from '~/features/orders/orders.queries'
import { createPersistOptions, isOutboxChange } from './offline-persistence'
import { createQueryClient } from './query-client'

const client = createQueryClient()
const { dehydrateOptions } = createPersistOptions(client)

function persists(queryKey: QueryKey) {
  client.setQueryData(queryKey, { some: 'data' })
  const query = client.getQueryCache().find({ queryKey, exact: true })
  if (!query) throw new Error('the query was not cached')
  return dehydrateOptions?.shouldDehydrateQuery?.(query)
}

const keptInOutbox = (mutationKey: QueryKey) => isOutboxChange(client.getMutationCache().build(client, { mutationKey }))

describe('what this browser keeps across reloads', () => {
  it('keeps the catalog, stock and cart queries', () => {
    expect(persists(catalogKeys.detail('oak-desk'))).toBe(true)
    expect(persists(stockKeys.detail(8))).toBe(true)
    expect(persists(cartKeys.detail())).toBe(true)
  })

  it('never keeps admin data or orders', () => {
    expect(persists(adminKeys.session())).toBe(false)
    expect(persists(inventoryKeys.list({ sort: 'name', order: 'asc' }))).toBe(false)
    expect(persists(orderKeys.detail('order-1'))).toBe(false)
  })

  it('queues cart changes in the outbox, never an order being placed', () => {
    expect(keptInOutbox(cartKeys.addLine())).toBe(true)
    expect(keptInOutbox(cartKeys.removeLine())).toBe(true)
    expect(keptInOutbox(orderKeys.place())).toBe(false)
  })
})
