import { act, screen } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { cacheTiers } from '../../../../app.config'
import { createQueryClient } from '~/query/query-client'
import { server } from '../../../../tests/support/msw'
import { renderWithQuery } from '../../../../tests/support/render-with-query'
import { LiveStockBadge } from './live-stock-badge'

afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

describe('LiveStockBadge', () => {
  it('keeps the last known stock, marked unconfirmed, when the product goes missing from the stock answer', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
    let missing = false
    server.use(
      http.get('*/api/stock', () =>
        HttpResponse.json(missing ? { items: [], missing: [4] } : { items: [{ productId: 4, stock: 3, version: 2 }], missing: [] }),
      ),
    )
    renderWithQuery(createQueryClient(), <LiveStockBadge productId={4} fallbackStock={9} />)
    await act(() => vi.advanceTimersByTimeAsync(10))
    expect(screen.getByText('Only 3 left')).toBeInTheDocument()
    expect(screen.queryByText(/unavailable|unconfirmed/)).not.toBeInTheDocument()

    missing = true
    await act(() => vi.advanceTimersByTimeAsync(Number(cacheTiers.volatile.refetchInterval) + 10))
    expect(screen.getByText(/^Only 3 left/)).toHaveTextContent('Only 3 left · unconfirmed')
    expect(screen.getByText(/stock unavailable, retrying/)).toBeInTheDocument()
  })
})

describe('LiveStockBadge when the stock check keeps failing', () => {
  it('shows the product’s own number and says it is retrying, instead of an error', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0)
    let requests = 0
    server.use(
      http.get('*/api/stock', () => {
        requests++
        return HttpResponse.json({ error: { code: 'INTERNAL_ERROR', message: 'Down' } }, { status: 500 })
      }),
    )
    renderWithQuery(createQueryClient(), <LiveStockBadge productId={4} fallbackStock={9} />)
    expect(await screen.findByText(/stock unavailable, retrying/)).toBeInTheDocument()
    expect(screen.getByText('9 available')).toBeInTheDocument()
    // The first try and three retries, then the query rests until its next poll.
    await vi.waitFor(() => expect(requests).toBe(4))
    expect(screen.getByText(/^In stock/)).toHaveTextContent('In stock · unconfirmed')
  })
})
