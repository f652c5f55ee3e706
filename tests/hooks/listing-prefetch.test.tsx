import { renderHook } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import type { ReactNode } from 'react'
import { QueryClientProvider } from '@tanstack/react-query'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { NEXT_PAGE_PREFETCH_DELAY_MS, usePrefetchNextListingPage } from '~/features/catalog/catalog.prefetch'
import { catalogKeys, normalizeListFilters } from '~/features/catalog/catalog.queries'
import { createQueryClient } from '~/query/query-client'
import { productPage, productSummary } from '../support/product-builders'
import { server } from '../support/msw'

// Moves the fake clock and lets the requests it started settle.
const wait = (ms: number) => vi.advanceTimersByTimeAsync(ms)

function recordListingRequests() {
  const pages: string[] = []
  server.use(
    http.get('*/api/products', ({ request }) => {
      pages.push(new URL(request.url).searchParams.get('page') ?? '')
      return HttpResponse.json(productPage([productSummary(30)], 2, 24, 60))
    }),
  )
  return pages
}

function renderPrefetch(filters: ReturnType<typeof normalizeListFilters>, totalPages: number) {
  const client = createQueryClient()
  const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>
  renderHook(() => usePrefetchNextListingPage(filters, totalPages), { wrapper })
  return client
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
})

afterEach(() => {
  vi.useRealTimers()
  Object.defineProperty(navigator, 'connection', { value: undefined, configurable: true })
})

describe('next listing page prefetch', () => {
  it('fetches the next page once the shopper has stayed a moment', async () => {
    const pages = recordListingRequests()
    const filters = normalizeListFilters({ category: 'desks', page: 1 })
    const client = renderPrefetch(filters, 3)

    await wait(NEXT_PAGE_PREFETCH_DELAY_MS - 1)
    expect(pages).toEqual([])
    await wait(1)
    await vi.waitFor(() => expect(pages).toEqual(['2']))
    await vi.waitFor(() => expect(client.getQueryData(catalogKeys.list({ ...filters, page: 2 }))).toMatchObject({ page: 2 }))
  })

  it('fetches nothing on the last page', async () => {
    const pages = recordListingRequests()
    renderPrefetch(normalizeListFilters({ page: 3 }), 3)
    await wait(NEXT_PAGE_PREFETCH_DELAY_MS * 10)
    expect(pages).toEqual([])
  })

  it('fetches nothing for a shopper saving data', async () => {
    Object.defineProperty(navigator, 'connection', { value: { saveData: true }, configurable: true })
    const pages = recordListingRequests()
    renderPrefetch(normalizeListFilters({ page: 1 }), 3)
    await wait(NEXT_PAGE_PREFETCH_DELAY_MS * 10)
    expect(pages).toEqual([])
  })
})
