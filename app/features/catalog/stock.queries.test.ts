import { afterEach, describe, expect, it, vi } from 'vitest'
import { createQueryClient } from '~/query/query-client'
import { newerSnapshot, seedStockLevels, stockKeys, stockQueries, type StockSnapshot } from './stock.queries'

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

/** A real stock read (the query's own queryFn), whose answer the test gives when it chooses. */
async function heldStockRead() {
  // The cache holds stock 5 at version 3; the read goes out at 10 000.
  vi.useFakeTimers({ now: 10_000, toFake: ['Date'] })
  const client = createQueryClient()
  client.setQueryData(stockKeys.detail(1), snapshot(5, 3, 1_000))
  let answer = (_level: { stock: number; version: number }) => {}
  const fetch = vi.fn(() => new Promise<Response>((resolve) => (answer = (level) => resolve(Response.json({ items: [{ productId: 1, ...level }], missing: [] })))))
  vi.stubGlobal('fetch', fetch)
  // staleTime 0: the cached entry must not answer for the read.
  const read = client.fetchQuery({ ...stockQueries.detail(1), staleTime: 0 }).catch(() => undefined)
  await vi.waitFor(() => expect(fetch).toHaveBeenCalledOnce())
  return { client, read, answer: (level: { stock: number; version: number }) => answer(level) }
}

describe('a stock read still on its way when newer stock is written', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.useRealTimers()
  })

  it('is cancelled when it went out before the news, so its older number never reaches the cache', async () => {
    const { client, read, answer } = await heldStockRead()
    seedStockLevels(client, [snapshot(2, null, 10_500)])
    answer({ stock: 5, version: 3 })
    await read
    expect(client.getQueryData(stockKeys.detail(1))).toEqual(snapshot(2, null, 10_500))
    expect(client.getQueryState(stockKeys.detail(1))).toMatchObject({ dataUpdatedAt: 10_500, fetchStatus: 'idle' })
  })

  it('is cancelled when the news carries a version (a write’s answer), whenever the read went out', async () => {
    const { client, read, answer } = await heldStockRead()
    seedStockLevels(client, [snapshot(2, 4, 9_000)])
    answer({ stock: 5, version: 3 })
    await read
    expect(client.getQueryData(stockKeys.detail(1))).toEqual(snapshot(2, 4, 9_000))
  })

  it('lands when it went out after unversioned news: it is the later observation', async () => {
    const { client, read, answer } = await heldStockRead()
    seedStockLevels(client, [snapshot(2, null, 9_500)])
    answer({ stock: 1, version: 5 })
    await read
    expect(client.getQueryData(stockKeys.detail(1))).toEqual(snapshot(1, 5, 10_000))
  })
})
