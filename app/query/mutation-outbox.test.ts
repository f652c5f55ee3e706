import 'fake-indexeddb/auto'
import { clear, createStore, entries } from 'idb-keyval'
import { beforeEach, expect, it } from 'vitest'
import { cartKeys } from '~/features/cart/cart.queries'
import { startOutbox } from './mutation-outbox'
import { changeIdOf, savedChanges } from './outbox-state'
import { createQueryClient } from './query-client'

const outboxStore = () => createStore('cartwheel-outbox', 'changes')

beforeEach(() => clear(outboxStore()))

it('writes to disk a change already on its way when the outbox started', async () => {
  const client = createQueryClient()
  let sent = false
  // The shop has not answered yet: no further event will tell the outbox about this change.
  const change = client.getMutationCache().build<unknown, Error, unknown, unknown>(client, {
    mutationKey: cartKeys.setLineQuantity(),
    mutationFn: () => {
      sent = true
      return new Promise<unknown>(() => {})
    },
  })
  void change.execute({ productId: 7, quantity: 2 })
  await expect.poll(() => sent).toBe(true)

  const stop = startOutbox(client, { keeps: () => true })
  const id = changeIdOf(change)
  await expect.poll(() => savedChanges.get().has(id)).toBe(true)
  const records = await entries<string, { mutation: { state: { variables: unknown } } }>(outboxStore())
  expect(records.map(([key, record]) => [key, record.mutation.state.variables])).toEqual([[id, { productId: 7, quantity: 2 }]])
  stop()
})
