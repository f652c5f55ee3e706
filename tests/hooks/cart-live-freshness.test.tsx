import { focusManager, useQuery } from '@tanstack/react-query'
import { act, screen, waitFor } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { cacheTiers } from '../../app.config'
import { cartQueries } from '~/features/cart/cart.queries'
import { emptyCart } from '~/features/cart/cart.schemas'
import { liveCart, liveStatus, type LiveStatus } from '~/lib/live-status'
import { createQueryClient } from '~/query/query-client'
import { server } from '../support/msw'
import { renderWithQuery } from '../support/render-with-query'

function CartBadge() {
  const { data } = useQuery(cartQueries.detail())
  return <p>{data ? `${data.itemCount} items` : 'Loading'}</p>
}

function countCartReads() {
  const reads: string[] = []
  server.use(
    http.get('*/api/cart', () => {
      reads.push('GET /api/cart')
      return HttpResponse.json({ ...emptyCart, updatedAt: new Date().toISOString() })
    }),
  )
  return reads
}

/** The stream as the live connection reports it: its status, and whether its hello carried the cart. */
function stream(status: LiveStatus, carriesCart: boolean) {
  liveCart.set(carriesCart)
  liveStatus.set(status)
}

/** The cart is read once, then the shopper's time moves past its session tier, and a page shows it again and the tab regains focus. */
async function revisitAfterTheTier() {
  const reads = countCartReads()
  const client = createQueryClient()
  const first = renderWithQuery(client, <CartBadge />)
  await screen.findByText('0 items')
  first.unmount()
  expect(reads).toHaveLength(1)

  vi.setSystemTime(Date.now() + cacheTiers.session.staleTime + 1_000)
  renderWithQuery(client, <CartBadge />)
  expect(screen.getByText('0 items')).toBeInTheDocument()
  act(() => {
    focusManager.setFocused(false)
    focusManager.setFocused(true)
  })
  await act(async () => {})
  return { reads, client }
}

afterEach(() => {
  stream('off', false)
  focusManager.setFocused(undefined)
  vi.useRealTimers()
})

describe('the cart while the live stream carries it', () => {
  it('is not read again on mount or focus past its session tier: its changes arrive as events', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    stream('live', true)
    const { reads, client } = await revisitAfterTheTier()
    expect(client.isFetching()).toBe(0)
    expect(reads).toHaveLength(1)
  })

  it('ages as its tier says when the stream is down', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    stream('down', true)
    const { reads } = await revisitAfterTheTier()
    await waitFor(() => expect(reads).toHaveLength(2))
  })

  it('ages as its tier says when the stream was opened before this browser had a cart', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    stream('live', false)
    const { reads } = await revisitAfterTheTier()
    await waitFor(() => expect(reads).toHaveLength(2))
  })
})
