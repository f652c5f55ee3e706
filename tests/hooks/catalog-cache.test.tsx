import { useQuery } from '@tanstack/react-query'
import { act, screen, waitFor } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { cacheTiers } from '../../app.config'
import { catalogQueries } from '~/features/catalog/catalog.queries'
import type { ProductListFilters } from '~/features/catalog/catalog.schemas'
import { stockKeys, stockQueries } from '~/features/catalog/stock.queries'
import { createQueryClient } from '~/query/query-client'
import { productPage, productSummary } from '../support/product-builders'
import { server } from '../support/msw'
import { renderWithQuery } from '../support/render-with-query'

function Listing({ filters }: { filters: Partial<ProductListFilters> }) {
  const { data } = useQuery(catalogQueries.list(filters))
  return <p>{data ? `${data.total} products` : 'Loading'}</p>
}

function Stock({ productId }: { productId: number }) {
  const { data } = useQuery(stockQueries.detail(productId))
  return <p>{data ? `${data.stock} in stock` : 'Checking stock'}</p>
}

function countRequests(path: string, respond: (url: URL) => unknown) {
  const seen: URL[] = []
  server.use(
    http.get(`*${path}`, ({ request }) => {
      const url = new URL(request.url)
      seen.push(url)
      return HttpResponse.json(respond(url) as Record<string, unknown>)
    }),
  )
  return seen
}

afterEach(() => {
  vi.useRealTimers()
})

/** The listing tier's staleTime, as decision 0003 sets it: paging back and forth within a minute is free. */
const LISTING_FRESH_FOR_MS = 60_000

describe('listing tier', () => {
  it('serves a listing from the cache for a minute, and refetches it once a minute old', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const requests = countRequests('/api/products', () => productPage([productSummary(1), productSummary(2)]))
    const client = createQueryClient()
    const listing = () => client.getQueryState(catalogQueries.list({ category: 'desks' }).queryKey)

    const first = renderWithQuery(client, <Listing filters={{ category: 'desks' }} />)
    await screen.findByText('2 products')
    first.unmount()
    const answeredAt = listing()?.dataUpdatedAt ?? 0

    // A stale listing starts its refetch as it mounts; a fresh one stays idle.
    vi.setSystemTime(answeredAt + LISTING_FRESH_FOR_MS - 1)
    const second = renderWithQuery(client, <Listing filters={{ category: 'desks' }} />)
    expect(screen.getByText('2 products')).toBeInTheDocument()
    expect(listing()?.fetchStatus).toBe('idle')
    second.unmount()

    vi.setSystemTime(answeredAt + LISTING_FRESH_FOR_MS)
    renderWithQuery(client, <Listing filters={{ category: 'desks' }} />)
    expect(listing()?.fetchStatus).toBe('fetching')
    // Stale data shows at once while the refetch runs behind it.
    expect(screen.getByText('2 products')).toBeInTheDocument()
    await waitFor(() => expect(requests).toHaveLength(2))
  })

  it('shares one cache entry between filters that differ only in defaults', async () => {
    const requests = countRequests('/api/products', () => productPage([productSummary(1)]))
    const client = createQueryClient()
    renderWithQuery(client, <Listing filters={{ category: 'desks' }} />)
    renderWithQuery(client, <Listing filters={{ category: 'desks', sort: 'relevance', page: 1, pageSize: 24, q: '  ' }} />)
    await waitFor(() => expect(screen.getAllByText('1 products')).toHaveLength(2))
    expect(requests).toHaveLength(1)
  })

  it('seeds each listed product’s stock cache, so its stock shows without a stock request', async () => {
    countRequests('/api/products', () => productPage([productSummary(7, { stock: 3 })]))
    const stockRequests = countRequests('/api/stock', () => ({ items: [], missing: [] }))
    const client = createQueryClient()

    renderWithQuery(client, <Listing filters={{}} />)
    await screen.findByText('1 products')
    expect(client.getQueryData(stockKeys.detail(7))).toMatchObject({ productId: 7, stock: 3, version: null })

    renderWithQuery(client, <Stock productId={7} />)
    expect(screen.getByText('3 in stock')).toBeInTheDocument()
    // A stock query that needed the server would have started fetching as it mounted.
    expect(client.isFetching()).toBe(0)
    expect(stockRequests).toHaveLength(0)
  })
})

describe('volatile tier', () => {
  it('refetches a visible product’s stock on its interval', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
    let stock = 12
    const requests = countRequests('/api/stock', () => ({ items: [{ productId: 5, stock: stock--, version: 1 }], missing: [] }))
    const client = createQueryClient()
    const interval = cacheTiers.volatile.refetchInterval

    renderWithQuery(client, <Stock productId={5} />)
    await act(() => vi.advanceTimersByTimeAsync(10))
    expect(screen.getByText('12 in stock')).toBeInTheDocument()
    expect(requests).toHaveLength(1)

    await act(() => vi.advanceTimersByTimeAsync(interval - 1_000))
    expect(requests).toHaveLength(1)

    await act(() => vi.advanceTimersByTimeAsync(1_100))
    expect(requests).toHaveLength(2)
    expect(screen.getByText('11 in stock')).toBeInTheDocument()

    await act(() => vi.advanceTimersByTimeAsync(interval))
    expect(requests).toHaveLength(3)
    expect(screen.getByText('10 in stock')).toBeInTheDocument()
  })
})

describe('stock seeded from a listing', () => {
  it('never overwrites a stock number written while the listing request was on its way', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    let answerListing: () => void = () => {}
    server.use(
      http.get('*/api/products', async () => {
        await new Promise<void>((resolve) => (answerListing = resolve))
        return HttpResponse.json(productPage([productSummary(9, { stock: 8 })]))
      }),
    )
    const client = createQueryClient()
    const listing = client.query(catalogQueries.list({}))
    await waitFor(() => expect(client.isFetching()).toBe(1))

    // A stock poll lands after the listing request left, with a newer number.
    vi.advanceTimersByTime(5)
    client.setQueryData(stockKeys.detail(9), { productId: 9, stock: 5, version: 4, observedAt: Date.now() })
    answerListing()
    await listing

    expect(client.getQueryData(stockKeys.detail(9))).toMatchObject({ stock: 5, version: 4 })
  })

  it('keeps a listing’s newer number when a stock poll sent before it lands after it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    let answerPoll: () => void = () => {}
    server.use(
      http.get('*/api/stock', async () => {
        await new Promise<void>((resolve) => (answerPoll = resolve))
        return HttpResponse.json({ items: [{ productId: 9, stock: 8, version: 1 }], missing: [] })
      }),
      http.get('*/api/products', () => HttpResponse.json(productPage([productSummary(9, { stock: 2 })]))),
    )
    const client = createQueryClient()
    const poll = client.query(stockQueries.detail(9))
    await waitFor(() => expect(client.isFetching()).toBe(1))
    vi.advanceTimersByTime(5)

    await client.query(catalogQueries.list({}))
    expect(client.getQueryData(stockKeys.detail(9))).toMatchObject({ stock: 2 })
    answerPoll()
    await poll

    expect(client.getQueryData(stockKeys.detail(9))).toMatchObject({ stock: 2 })
  })
})
