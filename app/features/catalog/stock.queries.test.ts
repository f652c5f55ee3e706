import { describe, expect, it } from 'vitest'
import { createQueryClient } from '~/query/query-client'
import { newerSnapshot, seedStockLevels, stockKeys, type StockSnapshot } from './stock.queries'

const snapshot = (stock: number, version: number | null, observedAt: number): StockSnapshot => ({ productId: 1, stock, version, observedAt })

describe('newerSnapshot', () => {
  it('takes the higher version when both are known, whatever arrived last', () => {
    expect(newerSnapshot(snapshot(3, 7, 2_000), snapshot(9, 6, 3_000))).toEqual(snapshot(3, 7, 2_000))
    expect(newerSnapshot(snapshot(9, 6, 3_000), snapshot(3, 7, 2_000))).toEqual(snapshot(3, 7, 2_000))
  })

  it('takes the later observation when a version is unknown', () => {
    expect(newerSnapshot(snapshot(3, 7, 2_000), snapshot(1, null, 3_000))).toEqual(snapshot(1, null, 3_000))
    expect(newerSnapshot(snapshot(3, 7, 2_000), snapshot(1, null, 1_000))).toEqual(snapshot(3, 7, 2_000))
  })

  it('keeps a known version when a listing reports the same stock', () => {
    expect(newerSnapshot(snapshot(4, 3, 1_000), snapshot(4, null, 2_000))).toEqual(snapshot(4, 3, 2_000))
  })
})

describe('seedStockLevels', () => {
  it('writes a level into its product’s stock cache, fresh from when its request went out', () => {
    const client = createQueryClient()
    seedStockLevels(client, [snapshot(4, 2, 1_000)])
    expect(client.getQueryData(stockKeys.detail(1))).toEqual(snapshot(4, 2, 1_000))
    expect(client.getQueryState(stockKeys.detail(1))?.dataUpdatedAt).toBe(1_000)
  })

  it('leaves alone an entry that shows a later state', () => {
    const client = createQueryClient()
    client.setQueryData(stockKeys.detail(1), snapshot(2, 5, 2_000))
    seedStockLevels(client, [snapshot(9, null, 1_000)])
    expect(client.getQueryData(stockKeys.detail(1))).toEqual(snapshot(2, 5, 2_000))
  })
})

describe('a stock read sent before newer stock was written', () => {
  it('is cancelled, so its older number never reaches the cache', async () => {
    const client = createQueryClient()
    client.setQueryData(stockKeys.detail(1), snapshot(5, 3, 1_000))
    let answer = (_level: StockSnapshot) => {}
    const read = client.fetchQuery({ queryKey: stockKeys.detail(1), queryFn: () => new Promise<StockSnapshot>((resolve) => (answer = resolve)) })
    seedStockLevels(client, [snapshot(2, 4, 2_000)])
    answer(snapshot(5, 3, 1_500))
    await read.catch(() => {})
    expect(client.getQueryData(stockKeys.detail(1))).toEqual(snapshot(2, 4, 2_000))
    expect(client.getQueryState(stockKeys.detail(1))).toMatchObject({ dataUpdatedAt: 2_000, fetchStatus: 'idle' })
  })
})
