import { describe, expect, it } from 'vitest'
import { setUpShopOnEitherEngine } from '../support/fresh-shop'
import { countRows } from '../support/shop-rows'

const shop = setUpShopOnEitherEngine({ products: 10, stock: 50 })
const details = { email: 'ada@example.com', name: 'Ada Lovelace', address: { line1: '1 Main St', city: 'Leeds', postalCode: 'LS1 1AA', country: 'GB' } }

describe('one Idempotency-Key sent by two browsers at once', () => {
  it('places one order and refuses the other with 422, never a 500', async () => {
    for (let round = 0; round < 5; round++) {
      const [first, second] = [shop.createShopper(), shop.createShopper()]
      await first.add(1, 1)
      await second.add(2, 1)
      const key = `shared-key-${round}-${crypto.randomUUID()}`
      const statuses = (await Promise.all([first.checkout(details, key), second.checkout(details, key)])).map((answer) => answer.status)
      expect(statuses.sort()).toEqual([201, 422])
    }
    expect(await countRows(shop.db, 'orders')).toBe(5)
  })
})
