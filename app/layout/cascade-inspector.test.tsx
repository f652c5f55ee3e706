import { QueryClientProvider, useQuery } from '@tanstack/react-query'
import { act, renderHook, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { addToCartVariables, useAddToCartMutation } from '~/features/cart/cart.mutations'
import { cartQueries } from '~/features/cart/cart.queries'
import { catalogQueries } from '~/features/catalog/catalog.queries'
import { stockQueries } from '~/features/catalog/stock.queries'
import type { LiveEvent } from '~/live/live-events'
import { dispatchLiveEvent } from '~/query/event-cascade'
import { readProduct, saveProductElsewhere } from '../../tests/support/database-rows'
import { productChangeInPlace } from '../../tests/support/live-events'
import { renderWithQuery } from '../../tests/support/render-with-query'
import { setUpServedShop } from '../../tests/support/served-shop'
import CascadeInspector from './cascade-inspector'

const bed = setUpServedShop({ products: 12 })

/** A product page for product `id`, as a shopper has it open: its detail, its stock and the cart on screen. */
function ProductOnScreen({ id }: { id: number }) {
  useQuery(catalogQueries.detail(readProduct(bed.db, id).slug))
  useQuery(stockQueries.detail(id))
  useQuery(cartQueries.detail())
  return null
}

async function openProductPageWithInspector(id: number) {
  await bed.client.fetchQuery(catalogQueries.detail(readProduct(bed.db, id).slug))
  await bed.client.fetchQuery(cartQueries.detail())
  renderWithQuery(
    bed.client,
    <>
      <ProductOnScreen id={id} />
      <CascadeInspector onClose={() => {}} />
    </>,
  )
  return screen.getByRole('dialog', { name: 'Cache inspector' })
}

/** The server's event after an admin restocked product `id` to `stock`. */
function restockedOnServer(id: number, stock: number): LiveEvent {
  saveProductElsewhere(bed.db, id, { stock })
  return { id: 1, type: 'stock', data: { productId: id, stock, version: readProduct(bed.db, id).version } }
}

/** The server's event after an admin changed product `id`'s price. */
async function repricedOnServer(id: number, priceCents: number): Promise<LiveEvent> {
  saveProductElsewhere(bed.db, id, { priceCents })
  return { id: 2, type: 'product', data: await productChangeInPlace(bed.db, id) }
}

const entryTitles = (inspector: HTMLElement) =>
  within(within(inspector).getByRole('list', { name: 'Cascade entries, newest first' }))
    .getAllByRole('heading', { level: 3 })
    .map((heading) => heading.textContent)

function entry(inspector: HTMLElement, label: string | RegExp) {
  return within(inspector).getByRole('listitem', { name: label })
}

const keysIn = (item: HTMLElement, effect: 'Wrote' | 'Marked stale' | 'Refetched') =>
  within(item).queryByRole('list', { name: effect }) ? within(within(item).getByRole('list', { name: effect })).getAllByRole('listitem').map((key) => key.textContent) : []

describe('the cascade inspector', () => {
  it('says what will appear, and how to make something happen, before anything changed the cache', async () => {
    const inspector = await openProductPageWithInspector(5)
    expect(within(inspector).getByText(/Add something to the cart, or open/)).toBeVisible()
    expect(within(inspector).queryByRole('list', { name: 'Cascade entries, newest first' })).toBeNull()
  })

  it('lists a server’s stock event live, with the keys it wrote and the requests it saved', async () => {
    const inspector = await openProductPageWithInspector(5)
    const { slug } = readProduct(bed.db, 5)

    act(() => dispatchLiveEvent(bed.client, restockedOnServer(5, 40)))

    const item = entry(inspector, /^stock · product 5: 40 left/)
    expect(within(item).getByText('server event')).toBeVisible()
    expect(keysIn(item, 'Wrote')).toEqual(['stock › detail › 5', `catalog › detail › ${slug}`])
    expect(keysIn(item, 'Marked stale')).toEqual([])
    expect(keysIn(item, 'Refetched')).toEqual([])
    // Three queries on screen, none refetched: invalidating everything would have sent three requests.
    expect(within(item).getByText(/^Saved 3 requests vs invalidating everything/)).toBeVisible()
  })

  it('lists an add to cart above the event before it, with a running total of the requests saved', async () => {
    const inspector = await openProductPageWithInspector(5)
    act(() => dispatchLiveEvent(bed.client, restockedOnServer(5, 40)))
    const { slug, name, priceCents, stock } = readProduct(bed.db, 5)
    const { result } = renderHook(() => useAddToCartMutation(5), { wrapper: ({ children }) => <QueryClientProvider client={bed.client}>{children}</QueryClientProvider> })

    await act(() => result.current.mutateAsync(addToCartVariables({ productId: 5, slug, name, unitPriceCents: priceCents, stock }, 1)))

    await waitFor(() => expect(entryTitles(inspector)).toEqual(['mutation · cart › add-line', expect.stringMatching(/^stock · product 5/)]))
    expect(keysIn(entry(inspector, 'mutation · cart › add-line'), 'Wrote')).toEqual(expect.arrayContaining(['stock › detail › 5', 'cart › detail']))
    expect(within(inspector).getByRole('status')).toHaveTextContent('Saved 6 requests vs invalidating everything, over 2 entries')
  })

  it('counts what a cascade refetched against what it saved: a price change refetches the cart that holds the product', async () => {
    await bed.shop.call('POST', '/api/cart/lines', { productId: 5, quantity: 1 })
    const inspector = await openProductPageWithInspector(5)

    const repriced = await repricedOnServer(5, 12_345)
    act(() => dispatchLiveEvent(bed.client, repriced))

    const item = entry(inspector, /^product · /)
    expect(keysIn(item, 'Refetched')).toEqual(['cart › detail'])
    expect(within(item).getByText(/^Saved 2 requests vs invalidating everything \(3 on screen, 1 refetched\)/)).toBeVisible()
  })
})
