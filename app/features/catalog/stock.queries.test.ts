import { QueryClient } from '@tanstack/react-query'
import { describe, expect, it } from 'vitest'
import { seedStockLevels, stockKeys, type StockSnapshot } from './stock.queries'

describe('seedStockLevels', () => {
  it('writes each level into its product’s stock cache with the time it was observed', () => {
    const client = new QueryClient()
    seedStockLevels(client, [{ productId: 1, stock: 4, version: 2 }], 1_000)
    expect(client.getQueryData(stockKeys.detail(1))).toEqual({ productId: 1, stock: 4, version: 2 })
    expect(client.getQueryState(stockKeys.detail(1))?.dataUpdatedAt).toBe(1_000)
  })

  it('leaves alone an entry that is newer than the answer being seeded', () => {
    const client = new QueryClient()
    client.setQueryData<StockSnapshot>(stockKeys.detail(1), { productId: 1, stock: 2, version: 5 }, { updatedAt: 2_000 })
    seedStockLevels(client, [{ productId: 1, stock: 9, version: null }], 1_000)
    expect(client.getQueryData(stockKeys.detail(1))).toEqual({ productId: 1, stock: 2, version: 5 })
  })

  it('keeps a known version when a listing reports the same stock, and drops it when the stock moved', () => {
    const client = new QueryClient()
    client.setQueryData<StockSnapshot>(stockKeys.detail(1), { productId: 1, stock: 4, version: 3 }, { updatedAt: 1_000 })
    seedStockLevels(client, [{ productId: 1, stock: 4, version: null }], 2_000)
    expect(client.getQueryData(stockKeys.detail(1))).toMatchObject({ version: 3 })
    seedStockLevels(client, [{ productId: 1, stock: 1, version: null }], 3_000)
    expect(client.getQueryData(stockKeys.detail(1))).toEqual({ productId: 1, stock: 1, version: null })
  })
})
