import 'fake-indexeddb/auto'
import { onlineManager, useIsRestoring, type QueryClient } from '@tanstack/react-query'
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { clear, createStore, entries, get } from 'idb-keyval'
import { Suspense, type ReactNode } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createQueryClient } from '~/query/query-client'
import { addToCartVariables, useAddToCartMutation } from '~/features/cart/cart.mutations'
import { cartKeys, cartQueries } from '~/features/cart/cart.queries'
import { CartView } from '~/features/cart/components/cart-view'
import { stockQueries } from '~/features/catalog/stock.queries'
import { LiveStockBadge } from '~/features/catalog/components/live-stock-badge'
import { OfflineBanner } from '~/layout/offline-banner'
import { QueryProvider } from '~/query/query-provider'
import { readCartQuantities, readProduct } from '../support/database-rows'
import { renderInRouter } from '../support/render-in-router'
import { setUpServedShop } from '../support/served-shop'
import { installWebLocks } from '../support/web-locks'

// bed.client is the first tab's QueryClient; every later tab makes its own.
const bed = setUpServedShop({ products: 12 })

let uninstallLocks: () => void

beforeEach(async () => {
  uninstallLocks = installWebLocks()
  await clear()
  await clear(outboxStore())
})

afterEach(() => {
  cleanup()
  onlineManager.setOnline(true)
  uninstallLocks()
})

const outboxStore = () => createStore('cartwheel-outbox', 'changes')

/** Shows its text once the tab's cache has been restored from disk. */
function ShownOnceRestored({ children }: { children: string }) {
  return useIsRestoring() ? null : <p>{children}</p>
}

/** One browser tab: its own QueryClient behind the app's provider (persisted to IndexedDB), in a router. */
const openTab = (client: QueryClient, ui: ReactNode) =>
  renderInRouter(
    client,
    <>
      <OfflineBanner />
      <Suspense fallback={<p>Loading</p>}>{ui}</Suspense>
    </>,
    { Provider: QueryProvider },
  )

const nameOf = (id: number) => readProduct(bed.db, id).name
/** The product's quantity in each cart the server keeps (one shopper here: `[2]` is their cart holding 2). */
const serverQuantities = (id: number) => readCartQuantities(bed.db, id)
/**
 * A tab with the cart open (on bed.client) goes offline and steps one line up; resolves with the
 * tab once the change is on disk (requests made so far are forgotten).
 */
async function stepUpOffline(productId: number) {
  const client = bed.client
  await client.fetchQuery(cartQueries.detail())
  bed.shop.requests.length = 0
  const tab = openTab(client, <CartView />)
  onlineManager.setOnline(false)
  await userEvent.click(await screen.findByRole('button', { name: `One more ${nameOf(productId)}` }))
  await waitFor(async () => expect(await entries(outboxStore())).toHaveLength(1))
  return tab
}

const banner = () => screen.getAllByRole('status', { name: 'Connection' })[0] as HTMLElement

/** The shopper has one desk (product 2) in the cart and, offline, steps it up to 2; resolves once the change is on disk. */
async function stepDeskUpOffline() {
  await bed.shop.call('POST', '/api/cart/lines', { productId: 2, quantity: 1 })
  return stepUpOffline(2)
}

/**
 * The desk's change waits on disk, the tab closes while offline, the connection returns and the
 * shop is opened again: a new tab with the cart and the desk's live stock. Resolves with its QueryClient.
 */
async function reopenAfterDeskChangedOffline() {
  await stepDeskUpOffline()
  cleanup()
  onlineManager.setOnline(true)
  const reopened = createQueryClient()
  openTab(
    reopened,
    <>
      <CartView />
      <LiveStockBadge productId={2} fallbackStock={0} />
    </>,
  )
  return reopened
}

/**
 * Offline, a tab that stays open (on bed.client) queues an add of two lamps (product 3); then a
 * second tab opens and is done restoring and adopting. Resolves with both tabs' QueryClients.
 */
async function queueInOpenTabThenOpenAnother() {
  const lamp = { productId: 3, slug: 'lamp', name: nameOf(3), unitPriceCents: 100, stock: 10 }
  bed.shop.setStock(3, 10)
  const first = bed.client
  function AddLamp() {
    const add = useAddToCartMutation(3)
    return (
      <button type="button" onClick={() => add.mutate(addToCartVariables(lamp, 2))}>
        add lamp
      </button>
    )
  }
  openTab(first, <AddLamp />)
  onlineManager.setOnline(false)
  await userEvent.click(await screen.findByRole('button', { name: 'add lamp' }))
  await waitFor(() => expect(banner()).toHaveTextContent('Saved on this device'))

  const second = createQueryClient()
  openTab(second, <ShownOnceRestored>second tab</ShownOnceRestored>)
  await screen.findByText('second tab')
  // Restored, the tab has begun adopting under a lock of its own; once only the two tabs' locks are held, it is done.
  await waitFor(async () => expect((await navigator.locks.query()).held).toHaveLength(2))
  return { first, second }
}

describe('an offline cart', () => {
  it('pauses a change instead of sending it', async () => {
    await stepDeskUpOffline()
    expect(bed.client.getMutationCache().getAll().map((mutation) => mutation.state.isPaused)).toEqual([true])
    expect(bed.shop.writes()).toEqual([])
  })

  it('lists a waiting change in the banner, by product and quantity', async () => {
    await stepDeskUpOffline()
    await waitFor(() => expect(banner()).toHaveTextContent("You're offline — 1 change waiting"))
    expect(within(banner()).getByRole('list', { name: 'Changes waiting' })).toHaveTextContent(`${nameOf(2)}: quantity 2`)
  })

  it('keeps a waiting change on this device, and says so', async () => {
    await stepDeskUpOffline()
    await waitFor(() => expect(banner()).toHaveTextContent('Saved on this device'))
    expect(await entries(outboxStore())).toHaveLength(1)
  })

  it('a change left on disk by a closed tab is restored by a new tab: the server and the screen show it', async () => {
    await reopenAfterDeskChangedOffline()
    await waitFor(() => expect(serverQuantities(2)).toEqual([2]))
    await waitFor(() => expect(screen.getByLabelText(`Quantity of ${nameOf(2)}`, { selector: 'output' })).toHaveTextContent('2'))
  })

  it('a change restored from disk reaches the server as exactly one write', async () => {
    const reopened = await reopenAfterDeskChangedOffline()
    await waitFor(() => expect(serverQuantities(2)).toEqual([2]))
    await waitFor(() => expect(reopened.isMutating()).toBe(0))
    expect(bed.shop.writes().map((request) => `${request.method} ${request.path} ${JSON.stringify(request.body)}`)).toEqual(['PUT /api/cart/lines/2 {"quantity":2}'])
  })

  it('once a change restored from disk is sent, the cart and the product’s stock on screen are read again', async () => {
    const reopened = await reopenAfterDeskChangedOffline()
    await waitFor(() => expect(serverQuantities(2)).toEqual([2]))
    await waitFor(() => expect(reopened.isMutating()).toBe(0))
    // The restored change has no page callbacks: after it, the cart and the product's stock on screen are read again.
    const requests = bed.shop.requests.map((request) => `${request.method} ${request.path}`)
    const put = requests.indexOf('PUT /api/cart/lines/2')
    await waitFor(() => expect(bed.shop.requests.map((request) => `${request.method} ${request.path}`).slice(put + 1)).toEqual(expect.arrayContaining(['GET /api/cart', 'GET /api/stock?ids=2'])))
  })

  it('a second tab leaves a change queued in a tab still open to that tab', async () => {
    const { second } = await queueInOpenTabThenOpenAnother()
    expect(second.getMutationCache().getAll()).toEqual([])
  })

  it('a second tab saving its cache does not wipe from disk a change queued in a tab still open', async () => {
    const { second } = await queueInOpenTabThenOpenAnother()
    // The second tab's cache changes, and its persister saves them: the first tab's queued change stays on disk.
    second.setQueryData(stockQueries.detail(3).queryKey, { productId: 3, stock: 9, version: 1, observedAt: Date.now() })
    await waitFor(async () => expect(await get('cartwheel-query-cache')).toContain('"stock","detail",3'), { timeout: 3_000 })
    expect((await entries(outboxStore())).length).toBe(1)
  })

  it('a change queued in a tab still open is sent once, by that tab, when the connection returns', async () => {
    const { first, second } = await queueInOpenTabThenOpenAnother()
    onlineManager.setOnline(true)
    await waitFor(() => expect(serverQuantities(3)).toEqual([2]))
    await waitFor(() => expect(first.isMutating() + second.isMutating()).toBe(0))
    expect(bed.shop.writes().filter((request) => request.method === 'POST')).toHaveLength(1)
    await waitFor(async () => expect(await entries(outboxStore())).toEqual([]))
  })

  it('a change left by a closed tab is adopted by one tab only, even when two open at once', async () => {
    await bed.shop.call('POST', '/api/cart/lines', { productId: 6, quantity: 1 })
    await stepUpOffline(6)
    cleanup()

    onlineManager.setOnline(true)
    const [left, right] = [createQueryClient(), createQueryClient()]
    openTab(left, <p>left</p>)
    openTab(right, <p>right</p>)
    await waitFor(() => expect(serverQuantities(6)).toEqual([2]))
    await waitFor(() => expect(left.isMutating() + right.isMutating()).toBe(0))
    expect(bed.shop.writes()).toHaveLength(1)
    expect(left.getMutationCache().getAll().length + right.getMutationCache().getAll().length).toBe(1)
  })

  it('a tab left open takes over the changes of a tab that closed, as soon as the connection returns', async () => {
    await bed.shop.call('POST', '/api/cart/lines', { productId: 9, quantity: 1 })
    const staying = createQueryClient()
    openTab(staying, <p>staying tab</p>)
    await screen.findByText('staying tab')
    const closingTab = await stepUpOffline(9)
    closingTab.unmount()
    // The closed tab's lock is let go as the tab goes (only the staying tab's is held); the connection returns later.
    await waitFor(async () => expect((await navigator.locks.query()).held).toHaveLength(1))

    onlineManager.setOnline(true)
    await waitFor(() => expect(serverQuantities(9)).toEqual([2]))
    await waitFor(() => expect(staying.isMutating()).toBe(0))
    expect(bed.shop.writes()).toHaveLength(1)
  })

  it('a change from a closed tab that the shop refuses when it is finally sent is told in a notice', async () => {
    await bed.shop.call('POST', '/api/cart/lines', { productId: 7, quantity: 1 })
    bed.shop.setStock(7, 5)
    await stepUpOffline(7)
    cleanup()
    // Others bought while this shopper was offline.
    bed.shop.setStock(7, 1)

    onlineManager.setOnline(true)
    openTab(createQueryClient(), <CartView />)
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent(`A change you made offline was not applied. Only 1 left of ${nameOf(7)}`))
    expect(serverQuantities(7)).toEqual([1])
  })

  it('names a removal waiting offline, though its line has left the cart on screen', async () => {
    await bed.shop.call('POST', '/api/cart/lines', { productId: 8, quantity: 1 })
    const client = bed.client
    await client.fetchQuery(cartQueries.detail())
    openTab(client, <CartView />)
    onlineManager.setOnline(false)
    await userEvent.click(await screen.findByRole('button', { name: `Remove ${nameOf(8)}` }))
    await waitFor(() => expect(within(banner()).getByRole('list', { name: 'Changes waiting' })).toHaveTextContent(`Remove ${nameOf(8)}`))
  })

  it('restoring never replaces data the page already has, even when the disk’s copy looks newer (a browser clock running fast)', async () => {
    await bed.shop.call('POST', '/api/cart/lines', { productId: 4, quantity: 1 })
    const realNow = Date.now.bind(Date)
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => realNow() + 10 * 60_000)
    const first = bed.client
    openTab(first, <CartView />)
    await screen.findByLabelText(`Quantity of ${nameOf(4)}`, { selector: 'output' })
    // The first tab writes its cache to disk (it holds quantity 1, dated ten minutes ahead).
    await waitFor(async () => expect(await get('cartwheel-query-cache')).toContain('"cart","detail"'), { timeout: 3_000 })
    cleanup()
    clock.mockRestore()

    await bed.shop.call('PUT', '/api/cart/lines/4', { quantity: 5 })
    const second = createQueryClient()
    // As the server's render would: the page starts with the current cart, newer than the disk's.
    await second.fetchQuery(cartQueries.detail())
    openTab(
      second,
      <>
        <CartView />
        <ShownOnceRestored>restored</ShownOnceRestored>
      </>,
    )
    await screen.findByText('restored')
    expect(second.getQueryData(cartKeys.detail())?.lines[0]?.quantity).toBe(5)
    expect(screen.getByLabelText(`Quantity of ${nameOf(4)}`, { selector: 'output' })).toHaveTextContent('5')
  })

  it('a burst of clicks still waiting when an offline tab closes becomes a queued change, not a lost request', async () => {
    await bed.shop.call('POST', '/api/cart/lines', { productId: 5, quantity: 1 })
    const client = bed.client
    await client.fetchQuery(cartQueries.detail())
    bed.shop.requests.length = 0
    openTab(client, <CartView />)
    onlineManager.setOnline(false)
    await userEvent.click(await screen.findByRole('button', { name: `One more ${nameOf(5)}` }))
    // The tab goes away before the stepper's 300 ms are up.
    window.dispatchEvent(new Event('pagehide'))

    const queued = client.getMutationCache().findAll({ status: 'pending' })
    expect(queued.map((mutation) => mutation.state.variables)).toEqual([{ productId: 5, quantity: 2, productName: nameOf(5) }])
    await waitFor(() => expect(queued[0]?.state.isPaused).toBe(true))
    expect(bed.shop.requests).toEqual([])
    // On disk at once, not on the cache's next throttled save.
    const onDisk = await entries<string, { mutation: { state: { variables: unknown } } }>(outboxStore())
    expect(onDisk.map(([, record]) => record.mutation.state.variables)).toEqual([{ productId: 5, quantity: 2, productName: nameOf(5) }])
  })
})
