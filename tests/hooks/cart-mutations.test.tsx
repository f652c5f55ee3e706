import { useQuery, type QueryClient } from '@tanstack/react-query'
import { act, cleanup, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { HttpResponse } from 'msw'
import { fireEvent } from '@testing-library/react'
import { Profiler, Suspense } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AppDatabase } from '#db/connection'
import { AddToCartButton, type CartableProduct } from '~/features/cart/components/add-to-cart-button'
import { CartView } from '~/features/cart/components/cart-view'
import { ProductCard } from '~/features/catalog/components/product-card'
import type { ProductSummary } from '~/features/catalog/catalog.schemas'
import { MiniCartBadge } from '~/features/cart/components/mini-cart-badge'
import { cartQueries } from '~/features/cart/cart.queries'
import { STEPPER_DEBOUNCE_MS } from '~/features/cart/use-cart-line-stepper'
import { dismissAllNotices } from '~/lib/notices'
import { createQueryClient } from '~/lib/query-client'
import { renderInRouter } from '../support/render-in-router'
import { serveShopApi } from '../support/shop-api'
import { createTestDatabase } from '../support/test-database'

let db: AppDatabase
let shop: ReturnType<typeof serveShopApi>
let client: QueryClient

beforeEach(() => {
  db = createTestDatabase({ products: 12 })
  shop = serveShopApi(db)
  client = createQueryClient()
})

afterEach(async () => {
  shop.releaseAll()
  // Unmounting flushes a stepper burst still waiting; let it finish here, not in the next test.
  cleanup()
  await waitFor(() => expect(client.isMutating()).toBe(0))
  dismissAllNotices()
  vi.restoreAllMocks()
})

function product(id: number, { stock }: { stock?: number } = {}): CartableProduct {
  if (stock !== undefined) shop.setStock(id, stock)
  return db.$client.prepare('SELECT id, slug, name, price_cents AS priceCents, stock FROM products WHERE id = ?').get(id) as CartableProduct
}

const setStock = (id: number, stock: number) => shop.setStock(id, stock)
const money = (cents: number) => `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`

/** Puts lines in the shopper's cart on the server, then loads the cart the way a page does. */
async function startWithCart(lines: Array<[productId: number, quantity: number]>) {
  for (const [productId, quantity] of lines) await shop.call('POST', '/api/cart/lines', { productId, quantity })
  await client.fetchQuery(cartQueries.detail())
  shop.requests.length = 0
}

function renderCartPage() {
  return renderInRouter(
    client,
    <Suspense fallback={<p>Loading</p>}>
      <CartView />
    </Suspense>,
  )
}

function lineRow(name: string) {
  const row = screen.getByRole('link', { name }).closest('li')
  if (!row) throw new Error(`No cart line for ${name}`)
  return row
}
const quantityOf = (name: string) => within(lineRow(name)).getByLabelText(`Quantity of ${name}`, { selector: 'output' }).textContent

/** Records the two lines' quantities ("desk/lamp") at every render of the cart. */
function renderCartRecordingQuantities(ids: [number, number]) {
  const rendered: string[] = []
  function Recorder() {
    const { data } = useQuery(cartQueries.detail())
    const of = (id: number) => data?.lines.find((entry) => entry.productId === id)?.quantity
    rendered.push(`${of(ids[0])}/${of(ids[1])}`)
    return null
  }
  renderInRouter(
    client,
    <Suspense>
      <Recorder />
      <CartView />
    </Suspense>,
  )
  return { distinct: () => rendered.filter((value, index) => value !== rendered[index - 1]) }
}

const settled = async () => {
  await waitFor(() => expect(client.isMutating()).toBe(0))
  await waitFor(() => expect(client.isFetching()).toBe(0))
}

describe('adding to the cart', () => {
  it('shows the product in the header badge before the server answers', async () => {
    const desk = product(3, { stock: 10 })
    renderInRouter(
      client,
      <>
        <MiniCartBadge />
        <AddToCartButton product={desk} />
      </>,
    )
    await act(() => client.fetchQuery(cartQueries.detail()))
    shop.holdWrites()
    await userEvent.click(await screen.findByRole('button', { name: `Add to cart: ${desk.name}` }))

    await waitFor(() => expect(shop.held).toHaveLength(1))
    expect(screen.getByText('Cart: 1 item')).toBeInTheDocument()
    expect(screen.getByText(money(desk.priceCents))).toBeInTheDocument()

    shop.releaseAll()
    await waitFor(() => expect(client.isMutating()).toBe(0))
    expect(screen.getByText('Cart: 1 item')).toBeInTheDocument()
    expect(shop.writes()).toEqual([
      { method: 'POST', path: '/api/cart/lines', body: { productId: 3, quantity: 1 }, idempotencyKey: expect.any(String) },
    ])
  })

  it('sends the same Idempotency-Key when it retries a lost answer, so the product is added once', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0)
    const lamp = product(4, { stock: 10 })
    let attempts = 0
    // The first POST reaches the server and is applied, but its answer is lost on the way back.
    shop.override(async (request, forward) => {
      if (request.method !== 'POST' || attempts++ > 0) return undefined
      await forward()
      return HttpResponse.error()
    })
    renderInRouter(client, <AddToCartButton product={lamp} />)
    await userEvent.click(await screen.findByRole('button', { name: `Add to cart: ${lamp.name}` }))

    await waitFor(() => expect(client.isMutating()).toBe(0))
    const keys = shop.writes().map((write) => write.idempotencyKey)
    expect(keys).toHaveLength(2)
    expect(new Set(keys).size).toBe(1)
    expect(await shop.call('GET', '/api/cart')).toMatchObject({ itemCount: 1, lines: [{ productId: 4, quantity: 1 }] })
  })

  it('puts a new shopper’s two quick adds of different products into one cart', async () => {
    const [desk, lamp] = [product(3, { stock: 10 }), product(4, { stock: 10 })]
    renderInRouter(
      client,
      <>
        <MiniCartBadge />
        <AddToCartButton product={desk} />
        <AddToCartButton product={lamp} />
      </>,
    )
    await act(() => client.fetchQuery(cartQueries.detail()))
    shop.holdWrites()
    await userEvent.click(await screen.findByRole('button', { name: `Add to cart: ${desk.name}` }))
    await userEvent.click(screen.getByRole('button', { name: `Add to cart: ${lamp.name}` }))
    await waitFor(() => expect(shop.held).toHaveLength(1))
    expect(screen.getByText('Cart: 2 items')).toBeInTheDocument()

    shop.held.shift()?.release()
    await waitFor(() => expect(shop.held).toHaveLength(1))
    shop.releaseAll()
    await settled()

    expect(await shop.call('GET', '/api/cart')).toMatchObject({ itemCount: 2 })
    expect(db.$client.prepare('SELECT count(*) AS n FROM carts').get()).toEqual({ n: 1 })
    expect(screen.getByText('Cart: 2 items')).toBeInTheDocument()
  })

  it('learns from a refusal that a product sold out: the card says so and stops offering it', async () => {
    const summary = { ...product(5, { stock: 5 }), sku: 'CW-5', currency: 'USD', category: { slug: 'desks', name: 'Desks' }, imageUrl: '/x.svg' } as ProductSummary
    renderInRouter(
      client,
      <>
        <MiniCartBadge />
        <ul>
          <ProductCard product={summary} Action={AddToCartButton} />
        </ul>
      </>,
    )
    await act(() => client.fetchQuery(cartQueries.detail()))
    setStock(5, 0)
    shop.holdWrites()
    const add = await screen.findByRole('button', { name: `Add to cart: ${summary.name}` })
    await userEvent.click(add)
    await userEvent.click(add)
    expect(screen.getByText('Cart: 2 items')).toBeInTheDocument()
    shop.releaseAll()

    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent(`${summary.name} is sold out — it is not in your cart`))
    await settled()
    expect(screen.getByRole('alert').textContent?.match(/is sold out/g)).toHaveLength(1)
    expect(screen.getByText('Cart: 0 items')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: `Sold out: ${summary.name}` })).toHaveAttribute('aria-disabled', 'true')
    const writes = shop.writes().length
    await userEvent.click(screen.getByRole('button', { name: `Sold out: ${summary.name}` }))
    expect(shop.writes()).toHaveLength(writes)
  })
})

describe('changing a quantity', () => {
  it('sends one PUT with the final quantity for five quick clicks, while the number moves at once', async () => {
    const chair = product(5, { stock: 20 })
    await startWithCart([[5, 1]])
    renderCartPage()
    const more = await screen.findByRole('button', { name: `One more ${chair.name}` })
    for (let click = 0; click < 5; click++) await userEvent.click(more)

    expect(quantityOf(chair.name)).toBe('6')
    expect(within(screen.getByRole('complementary', { name: 'Order summary' })).getByText(money(6 * chair.priceCents))).toBeInTheDocument()
    expect(shop.writes()).toHaveLength(0)

    await waitFor(() => expect(shop.writes()).toHaveLength(1), { timeout: STEPPER_DEBOUNCE_MS * 3 })
    await new Promise((resolve) => setTimeout(resolve, STEPPER_DEBOUNCE_MS * 2))
    expect(shop.writes()).toEqual([{ method: 'PUT', path: '/api/cart/lines/5', body: { quantity: 6 }, idempotencyKey: null }])
    expect(quantityOf(chair.name)).toBe('6')
  })

  it('rolls back and names the product when the server has less stock than the cart asked for', async () => {
    const desk = product(6, { stock: 5 })
    await startWithCart([[6, 2]])
    renderCartPage()
    // Another shopper buys: the server has 2 left, this browser still believes 5.
    setStock(6, 2)
    await userEvent.click(await screen.findByRole('button', { name: `One more ${desk.name}` }))
    expect(quantityOf(desk.name)).toBe('3')

    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent(`Only 2 left of ${desk.name} — your cart now holds 2`))
    expect(quantityOf(desk.name)).toBe('2')
    // The refusal told us the stock: the line can no longer be raised.
    expect(screen.getByRole('button', { name: `One more ${desk.name}` })).toHaveAttribute('aria-disabled', 'true')
  })

  it('rolls back and says what failed when the server errors', async () => {
    const desk = product(6, { stock: 5 })
    await startWithCart([[6, 2]])
    shop.override((request) =>
      request.method === 'PUT' ? HttpResponse.json({ error: { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side' } }, { status: 500 }) : undefined,
    )
    renderCartPage()
    await userEvent.click(await screen.findByRole('button', { name: `One more ${desk.name}` }))
    expect(quantityOf(desk.name)).toBe('3')

    await waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent(`${desk.name} was not updated: Something went wrong on our side — your cart now holds 2`),
    )
    expect(quantityOf(desk.name)).toBe('2')
  })

  it('lets two quick edits on different lines end right, without either reverting on screen', async () => {
    const [desk, lamp] = [product(7, { stock: 9 }), product(8, { stock: 9 })]
    await startWithCart([
      [7, 1],
      [8, 1],
    ])
    const screenCart = renderCartRecordingQuantities([7, 8])
    shop.holdWrites()
    await userEvent.click(await screen.findByRole('button', { name: `One more ${desk.name}` }))
    await waitFor(() => expect(shop.held).toHaveLength(1))
    await userEvent.click(screen.getByRole('button', { name: `One more ${lamp.name}` }))
    await waitFor(() => expect(shop.held).toHaveLength(2))

    // The desk's answer comes first and knows nothing of the lamp's change.
    const [deskPut, lampPut] = shop.held.splice(0)
    deskPut?.release()
    await waitFor(() => expect(client.isMutating()).toBe(1))
    lampPut?.release()
    await settled()

    expect(quantityOf(desk.name)).toBe('2')
    expect(quantityOf(lamp.name)).toBe('2')
    expect(screenCart.distinct()).toEqual(['1/1', '2/1', '2/2'])
    expect(await shop.call('GET', '/api/cart')).toMatchObject({ lines: [{ quantity: 2 }, { quantity: 2 }] })
  })

  it('keeps both edits on screen when their answers come back in the other order', async () => {
    const [desk, lamp] = [product(7, { stock: 9 }), product(8, { stock: 9 })]
    await startWithCart([
      [7, 1],
      [8, 1],
    ])
    const screenCart = renderCartRecordingQuantities([7, 8])
    // The server applies each write at once; only the answers wait.
    shop.holdWrites('answers')
    await userEvent.click(await screen.findByRole('button', { name: `One more ${desk.name}` }))
    await waitFor(() => expect(shop.held).toHaveLength(1))
    await userEvent.click(screen.getByRole('button', { name: `One more ${lamp.name}` }))
    await waitFor(() => expect(shop.held).toHaveLength(2))

    // The lamp's answer (2/2) arrives first, then the desk's older one (2/1).
    const [deskAnswer, lampAnswer] = shop.held.splice(0)
    lampAnswer?.release()
    await waitFor(() => expect(client.isMutating()).toBe(1))
    deskAnswer?.release()
    await settled()

    expect(screenCart.distinct()).toEqual(['1/1', '2/1', '2/2'])
    expect(client.getQueryData(cartQueries.detail().queryKey)).toEqual(await shop.call('GET', '/api/cart'))
  })

  it('ends with the server’s cart when answers land together', async () => {
    const [desk, lamp] = [product(7, { stock: 9 }), product(8, { stock: 9 })]
    await startWithCart([
      [7, 1],
      [8, 1],
    ])
    renderCartRecordingQuantities([7, 8])
    shop.holdWrites()
    await userEvent.click(await screen.findByRole('button', { name: `One more ${desk.name}` }))
    await userEvent.click(screen.getByRole('button', { name: `One more ${lamp.name}` }))
    await waitFor(() => expect(shop.held).toHaveLength(2))
    // Something the optimistic guess cannot know: stock moved meanwhile.
    setStock(7, 4)
    shop.releaseAll()
    await settled()

    expect(client.getQueryData(cartQueries.detail().queryKey)).toEqual(await shop.call('GET', '/api/cart'))
    expect(client.getQueryData(cartQueries.detail().queryKey)?.lines[0]?.stock).toBe(4)
  })

  it('lets the shopper lower a line that stock fell under, one step at a time', async () => {
    const desk = product(9, { stock: 9 })
    await startWithCart([[9, 5]])
    setStock(9, 2)
    renderCartPage()
    await userEvent.click(await screen.findByRole('button', { name: `One fewer ${desk.name}` }))
    expect(quantityOf(desk.name)).toBe('4')
    await waitFor(() => expect(shop.writes()).toHaveLength(1), { timeout: STEPPER_DEBOUNCE_MS * 3 })
    await settled()
    expect(quantityOf(desk.name)).toBe('4')
    expect(screen.getByRole('alert')).toBeEmptyDOMElement()
    expect(await shop.call('GET', '/api/cart')).toMatchObject({ lines: [{ quantity: 4, stock: 2 }] })
  })

  it('counts every press, even presses faster than the screen renders', async () => {
    const chair = product(5, { stock: 40 })
    await startWithCart([[5, 1]])
    renderCartPage()
    const more = await screen.findByRole('button', { name: `One more ${chair.name}` })
    act(() => {
      for (let press = 0; press < 20; press++) fireEvent.click(more)
    })
    await waitFor(() => expect(quantityOf(chair.name)).toBe('21'))
    await waitFor(() => expect(shop.writes()).toHaveLength(1), { timeout: STEPPER_DEBOUNCE_MS * 3 })
    expect(shop.writes()[0]?.body).toEqual({ quantity: 21 })
  })
})

describe('removing a line', () => {
  it('takes the line out at once and puts it back in its place if the server fails', async () => {
    const [desk, lamp, rug] = [product(9), product(10), product(11)]
    await startWithCart([
      [9, 1],
      [10, 1],
      [11, 1],
    ])
    shop.override((request) =>
      request.method === 'DELETE' ? HttpResponse.json({ error: { code: 'INTERNAL_ERROR', message: 'Database is busy' } }, { status: 500 }) : undefined,
    )
    renderCartPage()
    shop.holdWrites()
    await userEvent.click(await screen.findByRole('button', { name: `Remove ${lamp.name}` }))
    expect(screen.queryByRole('link', { name: lamp.name })).not.toBeInTheDocument()

    shop.releaseAll()
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent(`${lamp.name} was not updated: Database is busy — your cart now holds 1`))
    const names = screen.getAllByRole('link').map((link) => link.textContent)
    expect(names).toEqual([desk.name, lamp.name, rug.name])
  })

  it('waits for an add on the same product to finish first', async () => {
    const desk = product(9, { stock: 10 })
    await startWithCart([[9, 1]])
    renderInRouter(
      client,
      <Suspense>
        <AddToCartButton product={desk} />
        <CartView />
      </Suspense>,
    )
    shop.holdWrites()
    await userEvent.click(await screen.findByRole('button', { name: `Add to cart: ${desk.name}` }))
    await userEvent.click(screen.getByRole('button', { name: `Remove ${desk.name}` }))
    await waitFor(() => expect(shop.held).toHaveLength(1))
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(shop.held.map((request) => request.method)).toEqual(['POST'])

    shop.held.shift()?.release()
    await waitFor(() => expect(shop.held.map((request) => request.method)).toEqual(['DELETE']))
    shop.releaseAll()
    await waitFor(() => expect(client.isMutating()).toBe(0))
    expect(await shop.call('GET', '/api/cart')).toMatchObject({ lines: [] })
    expect(screen.getByText('Your cart is empty')).toBeInTheDocument()
  })
})

describe('the header badge', () => {
  it('renders once per change of the item count, not for answers that change nothing it shows', async () => {
    const lamp = product(4, { stock: 10 })
    await startWithCart([[3, 1]])
    let renders = 0
    renderInRouter(
      client,
      <>
        <Profiler id="badge" onRender={() => renders++}>
          <MiniCartBadge />
        </Profiler>
        <AddToCartButton product={lamp} />
      </>,
    )
    await screen.findByText('Cart: 1 item')
    expect(renders).toBe(1)

    await userEvent.click(screen.getByRole('button', { name: `Add to cart: ${lamp.name}` }))
    await waitFor(() => expect(client.isMutating()).toBe(0))
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)))
    expect(screen.getByText('Cart: 2 items')).toBeInTheDocument()
    expect(renders).toBe(2)

    // A refetch whose lines differ (new stock numbers) but whose count and subtotal do not.
    setStock(3, 4)
    await act(async () => {
      await client.refetchQueries({ queryKey: cartQueries.detail().queryKey })
      // Query tells its observers on the next macrotask: give the badge that chance to render.
      await new Promise((resolve) => setTimeout(resolve, 20))
    })
    expect(client.getQueryData(cartQueries.detail().queryKey)?.lines[0]?.stock).toBe(4)
    expect(renders).toBe(2)
  })
})
