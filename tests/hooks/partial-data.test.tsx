import { QueryClientProvider, useQuery, type QueryClient, type QueryKey, type UseQueryOptions } from '@tanstack/react-query'
import { act, render, screen, within } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { catalogQueries } from '~/features/catalog/catalog.queries'
import type { ProductSummary } from '~/features/catalog/catalog.schemas'
import { ProductGrid } from '~/features/catalog/components/product-grid'
import { seedStockLevels, stockQueries } from '~/features/catalog/stock.queries'
import { createQueryClient } from '~/query/query-client'
import { server } from '../support/msw'
import { renderInRouter } from '../support/render-in-router'

afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

const summary = (id: number, stock: number): ProductSummary => ({
  id,
  slug: `product-${id}`,
  sku: `SKU-${id}`,
  name: `Product ${id}`,
  priceCents: 1000,
  currency: 'USD',
  category: { slug: 'desks', name: 'Desks' },
  stock,
  imageUrl: `/images/products/${id}.svg`,
})

/** Renders the grid in a router; with fake timers, the clock is moved instead of polled. */
async function renderGrid(client: QueryClient, products: ProductSummary[], listedAt: number, { fakeTimers = false } = {}) {
  renderInRouter(client, <ProductGrid products={products} label="Listing" listedAt={listedAt} />)
  if (fakeTimers) await act(() => vi.advanceTimersByTimeAsync(10))
  else await screen.findByRole('list', { name: 'Listing' })
}

const badgeOf = (id: number) => within(screen.getByRole('link', { name: new RegExp(`Product ${id}\\b`) })).getByText(/left|In stock|Sold out/)

describe('a listing’s stock', () => {
  it('asks nothing when the listing just arrived, then merges each fresh batch into the per-product caches', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
    const requests: string[] = []
    server.use(
      http.get('*/api/stock', ({ request }) => {
        requests.push(new URL(request.url).search)
        return HttpResponse.json({ items: [{ productId: 1, stock: 8, version: 3 }, { productId: 2, stock: 4, version: 1 }, { productId: 3, stock: 3, version: 1 }], missing: [] })
      }),
    )
    const client = createQueryClient()
    const products = [summary(1, 2), summary(2, 4), summary(3, 3)]
    seedStockLevels(client, products.map((product) => ({ productId: product.id, stock: product.stock, version: null, observedAt: Date.now() })))
    const listing = catalogQueries.list({ sort: 'name' }).queryKey
    client.setQueryData(listing, { items: products, page: 1, pageSize: 24, total: 3, totalPages: 1 })
    await renderGrid(client, products, Date.now(), { fakeTimers: true })
    expect(screen.getByRole('list', { name: 'Listing' })).toBeInTheDocument()
    expect(requests).toEqual([])

    await act(() => vi.advanceTimersByTimeAsync(30_000))
    expect(requests).toEqual(['?ids=1,2,3'])
    expect(badgeOf(1)).toHaveTextContent('In stock')
    expect(badgeOf(2)).toHaveTextContent('Only 4 left')
    // Only the per-product caches moved: the listing's own answer is left as it was.
    expect(client.getQueryState(listing)?.isInvalidated).toBe(false)
    expect(client.getQueryData(stockQueries.detail(1).queryKey)).toMatchObject({ stock: 8, version: 3 })
  })

  it('keeps the last known number, marked unconfirmed, for ids the answer reports missing', async () => {
    server.use(http.get('*/api/stock', () => HttpResponse.json({ items: [{ productId: 1, stock: 8, version: 3 }], missing: [2] })))
    const client = createQueryClient()
    // Listed 11 s ago: stale, so the batch is asked for at once.
    await renderGrid(client, [summary(1, 2), summary(2, 4)], Date.now() - 11_000)
    await vi.waitFor(() => expect(badgeOf(1)).toHaveTextContent('In stock'))
    expect(badgeOf(1)).not.toHaveTextContent('unconfirmed')
    expect(badgeOf(2)).toHaveTextContent('Only 4 left · unconfirmed')
  })

  it('keeps every card and its number, each marked unconfirmed, while the batch fails', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0)
    let requests = 0
    server.use(
      http.get('*/api/stock', () => {
        requests++
        return HttpResponse.json({ error: { code: 'INTERNAL_ERROR', message: 'Down' } }, { status: 503 })
      }),
    )
    const client = createQueryClient()
    await renderGrid(client, [summary(1, 2), summary(2, 40)], Date.now() - 11_000)
    await vi.waitFor(() => expect(badgeOf(2)).toHaveTextContent('In stock · unconfirmed'))
    expect(requests).toBe(4)
    expect(badgeOf(1)).toHaveTextContent('Only 2 left · unconfirmed')
    expect(screen.getAllByRole('link')).toHaveLength(2)
  })
})

/** Renders one query and records every status it showed. */
function Probe<TData, TKey extends QueryKey>({ options, seen }: { options: UseQueryOptions<TData, Error, TData, TKey>; seen: string[] }) {
  const query = useQuery(options)
  seen.push(query.status)
  return <p>{query.status}</p>
}

describe('the retry policy, end to end', () => {
  it('a 503 then a 200 shows the data with no error in between', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0)
    let calls = 0
    server.use(
      http.get('*/api/stock', () =>
        ++calls === 1
          ? HttpResponse.json({ error: { code: 'INTERNAL_ERROR', message: 'Busy' } }, { status: 503 })
          : HttpResponse.json({ items: [{ productId: 5, stock: 2, version: 1 }], missing: [] }),
      ),
    )
    const seen: string[] = []
    render(
      <QueryClientProvider client={createQueryClient()}>
        <Probe options={stockQueries.detail(5)} seen={seen} />
      </QueryClientProvider>,
    )
    expect(await screen.findByText('success')).toBeInTheDocument()
    expect(calls).toBe(2)
    expect(seen).not.toContain('error')
  })

  it('a 404 fails after one request', async () => {
    let calls = 0
    server.use(
      http.get('*/api/products/:slug', () => {
        calls++
        return HttpResponse.json({ error: { code: 'NOT_FOUND', message: 'No product' } }, { status: 404 })
      }),
    )
    render(
      <QueryClientProvider client={createQueryClient()}>
        <Probe options={catalogQueries.detail('gone')} seen={[]} />
      </QueryClientProvider>,
    )
    expect(await screen.findByText('error')).toBeInTheDocument()
    expect(calls).toBe(1)
  })

  it('a 429 with Retry-After: 2 waits 2 s before asking again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const calls: number[] = []
    const start = Date.now()
    server.use(
      http.get('*/api/stock', () => {
        calls.push(Date.now() - start)
        return calls.length === 1
          ? HttpResponse.json({ error: { code: 'RATE_LIMITED', message: 'Slow down' } }, { status: 429, headers: { 'retry-after': '2' } })
          : HttpResponse.json({ items: [{ productId: 5, stock: 2, version: 1 }], missing: [] })
      }),
    )
    render(
      <QueryClientProvider client={createQueryClient()}>
        <Probe options={stockQueries.detail(5)} seen={[]} />
      </QueryClientProvider>,
    )
    await act(() => vi.advanceTimersByTimeAsync(1_990))
    expect(calls).toHaveLength(1)
    await act(() => vi.advanceTimersByTimeAsync(20))
    expect(calls).toHaveLength(2)
    expect(calls[1]).toBeGreaterThanOrEqual(2_000)
    await act(() => vi.advanceTimersByTimeAsync(10))
    expect(screen.getByText('success')).toBeInTheDocument()
  })
})
