import { onlineManager } from '@tanstack/react-query'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { NetworkError } from './api-error'
import { createQueryClient } from '~/query/query-client'
import { ensureQuery } from './ensure-query'

afterEach(() => {
  vi.useRealTimers()
  onlineManager.setOnline(true)
})

// A query whose answer counts how many times it was fetched.
function counter(key: string, staleTime: number) {
  const fetches = { count: 0 }
  const fetchCount = async () => ++fetches.count
  const options = { queryKey: ['test', key], queryFn: fetchCount, staleTime }
  return { options, calls: () => fetches.count }
}

describe('ensureQuery', () => {
  it('fetches when the cache has nothing', async () => {
    const client = createQueryClient()
    const query = counter('missing', 60_000)
    await expect(ensureQuery(client, query.options)).resolves.toBe(1)
    expect(query.calls()).toBe(1)
  })

  it('answers fresh data from the cache without fetching', async () => {
    const client = createQueryClient()
    const query = counter('fresh', 60_000)
    await ensureQuery(client, query.options)
    await expect(ensureQuery(client, query.options)).resolves.toBe(1)
    expect(query.calls()).toBe(1)
  })

  it('answers stale data at once and refreshes it in the background', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const client = createQueryClient()
    const query = counter('stale', 10_000)
    await ensureQuery(client, query.options)
    vi.setSystemTime(Date.now() + 11_000)

    await expect(ensureQuery(client, query.options)).resolves.toBe(1)
    await vi.waitFor(() => expect(client.getQueryData(query.options.queryKey)).toBe(2))
    expect(query.calls()).toBe(2)
  })
})

describe('ensureQuery while offline', () => {
  it('fails at once with NetworkError when there is nothing cached, instead of waiting for the network', async () => {
    const client = createQueryClient()
    onlineManager.setOnline(false)
    await expect(ensureQuery(client, counter('offline', 60_000).options)).rejects.toBeInstanceOf(NetworkError)
  })

  it('still answers what the cache holds', async () => {
    const client = createQueryClient()
    const query = counter('offline-cached', 60_000)
    await ensureQuery(client, query.options)
    onlineManager.setOnline(false)
    await expect(ensureQuery(client, query.options)).resolves.toBe(1)
  })
})

