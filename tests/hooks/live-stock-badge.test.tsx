import { act, screen } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { cacheTiers } from '../../app.config'
import { LiveStockBadge } from '~/features/catalog/components/live-stock-badge'
import { createQueryClient } from '~/lib/query-client'
import { server } from '../support/msw'
import { renderWithQuery } from '../support/render-with-query'

afterEach(() => {
  vi.useRealTimers()
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
    expect(screen.queryByText(/not confirmed/)).not.toBeInTheDocument()

    missing = true
    await act(() => vi.advanceTimersByTimeAsync(Number(cacheTiers.volatile.refetchInterval) + 10))
    expect(screen.getByText('Only 3 left')).toBeInTheDocument()
    expect(screen.getByText(/last known, not confirmed just now/)).toBeInTheDocument()
  })
})
