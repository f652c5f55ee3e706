import { useQuery } from '@tanstack/react-query'
import { act, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { HttpResponse } from 'msw'
import { fireEvent } from '@testing-library/react'
import { Profiler, Suspense } from 'react'
import { describe, expect, it, onTestFinished, vi } from 'vitest'
import { carts } from '#db/schema'
import { AddToCartButton } from '~/features/cart/components/add-to-cart-button'
import { CartView } from '~/features/cart/components/cart-view'
import { ProductCard } from '~/features/catalog/components/product-card'
import type { ProductSummary } from '~/features/catalog/catalog.schemas'
import { MiniCartBadge } from '~/features/cart/components/mini-cart-badge'
import { cartKeys, cartQueries } from '~/features/cart/cart.queries'
import { STEPPER_DEBOUNCE_MS } from '~/features/cart/use-cart-line-stepper'
import { renderInRouter } from '../support/render-in-router'
import { setUpCartTestbed } from '../support/cart-testbed'
import { countRows } from '../support/database-rows'
import { queryObserversNotified } from '../support/query-notifications'

const bed = setUpCartTestbed()
const { product, startWithCart, quantityOf, settled } = bed

const setStock = (id: number, stock: number) => bed.shop.setStock(id, stock)
const money = (cents: number) => `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`

function renderCartPage() {
  return renderInRouter(
    bed.client,
    <Suspense fallback={<p>Loading</p>}>
      <CartView />
    </Suspense>,
  )
}

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
    bed.client,
    <Suspense>
      <Recorder />
      <CartView />
    </Suspense>,
  )
  return { distinct: () => rendered.filter((value, index) => value !== rendered[index - 1]) }
}

describe('adding to the cart', () => {
  it('shows the product in the header badge before the server answers', async () => {
    const desk = product(3, { stock: 10 })
    renderInRouter(
      bed.client,
      <>
        <MiniCartBadge />
        <AddToCartButton product={desk} />
      </>,
    )
    await act(() => bed.client.fetchQuery(cartQueries.detail()))
    bed.shop.holdWrites()
    await userEvent.click(await screen.findByRole('button', { name: `Add to cart: ${desk.name}` }))

    await waitFor(() => expect(bed.shop.held).toHaveLength(1))
    expect(screen.getByText('Cart: 1 item')).toBeInTheDocument()
    expect(screen.getByText(money(desk.priceCents))).toBeInTheDocument()

    bed.shop.releaseAll()
    await waitFor(() => expect(bed.client.isMutating()).toBe(0))
    expect(screen.getByText('Cart: 1 item')).toBeInTheDocument()
    expect(bed.shop.writes()).toEqual([
      { method: 'POST', path: '/api/cart/lines', body: { productId: 3, quantity: 1 }, idempotencyKey: expect.any(String) },
    ])
  })

  it('sends the same Idempotency-Key when it retries a lost answer, so the product is added once', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0)
    const lamp = product(4, { stock: 10 })
    let attempts = 0
    // The first POST reaches the server and is applied, but its answer is lost on the way back.
    bed.shop.override(async (request, forward) => {
      if (request.method !== 'POST' || attempts++ > 0) return undefined
      await forward()
      return HttpResponse.error()
    })
    renderInRouter(bed.client, <AddToCartButton product={lamp} />)
    await userEvent.click(await screen.findByRole('button', { name: `Add to cart: ${lamp.name}` }))

    await waitFor(() => expect(bed.client.isMutating()).toBe(0))
    const keys = bed.shop.writes().map((write) => write.idempotencyKey)
    expect(keys).toHaveLength(2)
    expect(new Set(keys).size).toBe(1)
    expect(await bed.shop.call('GET', '/api/cart')).toMatchObject({ itemCount: 1, lines: [{ productId: 4, quantity: 1 }] })
  })

  it('puts a new shopper’s two quick adds of different products into one cart', async () => {
    const [desk, lamp] = [product(3, { stock: 10 }), product(4, { stock: 10 })]
    renderInRouter(
      bed.client,
      <>
        <MiniCartBadge />
        <AddToCartButton product={desk} />
        <AddToCartButton product={lamp} />
      </>,
    )
    await act(() => bed.client.fetchQuery(cartQueries.detail()))
    bed.shop.holdWrites()
    await userEvent.click(await screen.findByRole('button', { name: `Add to cart: ${desk.name}` }))
    await userEvent.click(screen.getByRole('button', { name: `Add to cart: ${lamp.name}` }))
    await waitFor(() => expect(bed.shop.held).toHaveLength(1))
    expect(screen.getByText('Cart: 2 items')).toBeInTheDocument()

    bed.shop.held.shift()?.release()
    await waitFor(() => expect(bed.shop.held).toHaveLength(1))
    bed.shop.releaseAll()
    await settled()

    expect(await bed.shop.call('GET', '/api/cart')).toMatchObject({ itemCount: 2 })
    expect(countRows(bed.db, carts)).toBe(1)
    expect(screen.getByText('Cart: 2 items')).toBeInTheDocument()
  })

  describe('a product the server refuses as sold out', () => {
    /**
     * The card shows 5 in stock, but the server has sold out: the shopper adds it twice before the
     * server answers, then both refusals come back. Resolves with the product once they are in.
     */
    async function addTwiceOnceSoldOut() {
      const summary = { ...product(5, { stock: 5 }), sku: 'CW-5', currency: 'USD', category: { slug: 'desks', name: 'Desks' }, imageUrl: '/x.svg' } as ProductSummary
      renderInRouter(
        bed.client,
        <>
          <MiniCartBadge />
          <ul>
            <ProductCard product={summary} Action={AddToCartButton} />
          </ul>
        </>,
      )
      await act(() => bed.client.fetchQuery(cartQueries.detail()))
      setStock(5, 0)
      bed.shop.holdWrites()
      const add = await screen.findByRole('button', { name: `Add to cart: ${summary.name}` })
      await userEvent.click(add)
      await userEvent.click(add)
      // Both adds are on screen before the server answers: there is something to take back.
      expect(screen.getByText('Cart: 2 items')).toBeInTheDocument()
      bed.shop.releaseAll()

      await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent(`${summary.name} is sold out — it is not in your cart`))
      await settled()
      return summary
    }

    it('is named sold out in one notice, however many adds were refused', async () => {
      const summary = await addTwiceOnceSoldOut()
      expect(screen.getByRole('alert')).toHaveTextContent(`${summary.name} is sold out — it is not in your cart`)
      expect(screen.getByRole('alert').textContent?.match(/is sold out/g)).toHaveLength(1)
    })

    it('leaves the header badge', async () => {
      await addTwiceOnceSoldOut()
      expect(screen.getByText('Cart: 0 items')).toBeInTheDocument()
    })

    it('is marked sold out on its card, which stops offering it', async () => {
      const summary = await addTwiceOnceSoldOut()
      expect(screen.getByRole('button', { name: `Sold out: ${summary.name}` })).toHaveAttribute('aria-disabled', 'true')
      const writes = bed.shop.writes().length
      await userEvent.click(screen.getByRole('button', { name: `Sold out: ${summary.name}` }))
      expect(bed.shop.writes()).toHaveLength(writes)
    })
  })
})

describe('changing a quantity', () => {
  /** Five quick clicks on a chair's "+" (one in the cart), on a fake clock; resolves with the chair. */
  async function clickMoreFiveTimesQuickly() {
    // On a fake clock the clicks are quick however busy the machine, and the quiet after them exact.
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    onTestFinished(() => void vi.useRealTimers())
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime })
    const chair = product(5, { stock: 20 })
    await startWithCart([[5, 1]])
    renderCartPage()
    const more = await screen.findByRole('button', { name: `One more ${chair.name}` })
    for (let click = 0; click < 5; click++) await user.click(more)
    return chair
  }

  it('moves the number and the total at each of five quick clicks, before anything is sent', async () => {
    const chair = await clickMoreFiveTimesQuickly()
    expect(quantityOf(chair.name)).toBe('6')
    expect(within(screen.getByRole('complementary', { name: 'Order summary' })).getByText(money(6 * chair.priceCents))).toBeInTheDocument()
    expect(bed.shop.writes()).toHaveLength(0)
  })

  it('sends one PUT with the final quantity for five quick clicks', async () => {
    const chair = await clickMoreFiveTimesQuickly()
    await act(() => vi.advanceTimersByTimeAsync(STEPPER_DEBOUNCE_MS))
    await waitFor(() => expect(bed.shop.writes()).toHaveLength(1))
    // Every timer the burst could have left has fired: anything else it sends is on its way now.
    await act(() => vi.advanceTimersByTimeAsync(STEPPER_DEBOUNCE_MS * 2))
    await settled()
    expect(bed.shop.writes()).toEqual([{ method: 'PUT', path: '/api/cart/lines/5', body: { quantity: 6 }, idempotencyKey: null }])
    expect(quantityOf(chair.name)).toBe('6')
  })

  describe('when the server has less stock than the cart asked for', () => {
    const refusal = (name: string) => `Only 2 left of ${name} — your cart now holds 2`

    /** A desk line of 2, and 5 in stock as the browser believes; the server has 2 left. The shopper presses "+". */
    async function raiseBeyondServerStock() {
      const desk = product(6, { stock: 5 })
      await startWithCart([[6, 2]])
      renderCartPage()
      // Another shopper buys: the server has 2 left, this browser still believes 5.
      setStock(6, 2)
      await userEvent.click(await screen.findByRole('button', { name: `One more ${desk.name}` }))
      return desk
    }

    it('moves the line at once, then puts it back', async () => {
      const desk = await raiseBeyondServerStock()
      expect(quantityOf(desk.name)).toBe('3')
      // The refusal is in once its notice shows.
      await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent(refusal(desk.name)))
      expect(quantityOf(desk.name)).toBe('2')
    })

    it('names the product and what is left in a notice', async () => {
      const desk = await raiseBeyondServerStock()
      await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent(refusal(desk.name)))
    })

    it('no longer offers to raise the line', async () => {
      const desk = await raiseBeyondServerStock()
      await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent(refusal(desk.name)))
      // The refusal told us the stock: the line can no longer be raised.
      expect(screen.getByRole('button', { name: `One more ${desk.name}` })).toHaveAttribute('aria-disabled', 'true')
    })
  })

  describe('when the server errors', () => {
    const failure = (name: string) => `${name} was not updated: Something went wrong on our side — your cart now holds 2`

    /** A desk line of 2; the server answers every PUT with an error. The shopper presses "+". */
    async function raiseWhileServerErrors() {
      const desk = product(6, { stock: 5 })
      await startWithCart([[6, 2]])
      bed.shop.override((request) =>
        request.method === 'PUT' ? HttpResponse.json({ error: { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side' } }, { status: 500 }) : undefined,
      )
      renderCartPage()
      await userEvent.click(await screen.findByRole('button', { name: `One more ${desk.name}` }))
      return desk
    }

    it('moves the line at once, then puts it back', async () => {
      const desk = await raiseWhileServerErrors()
      expect(quantityOf(desk.name)).toBe('3')
      // The failure is in once its notice shows.
      await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent(failure(desk.name)))
      expect(quantityOf(desk.name)).toBe('2')
    })

    it('says in a notice which product was not updated, and why', async () => {
      const desk = await raiseWhileServerErrors()
      await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent(failure(desk.name)))
    })
  })

  /**
   * A desk and a lamp line of 1 each: the shopper raises the desk, then the lamp, before either is
   * answered; the desk's answer comes back first. Resolves once both are in.
   */
  async function twoQuickEditsAnsweredInOrder() {
    const [desk, lamp] = [product(7, { stock: 9 }), product(8, { stock: 9 })]
    await startWithCart([
      [7, 1],
      [8, 1],
    ])
    const screenCart = renderCartRecordingQuantities([7, 8])
    bed.shop.holdWrites()
    await userEvent.click(await screen.findByRole('button', { name: `One more ${desk.name}` }))
    await waitFor(() => expect(bed.shop.held).toHaveLength(1))
    await userEvent.click(screen.getByRole('button', { name: `One more ${lamp.name}` }))
    await waitFor(() => expect(bed.shop.held).toHaveLength(2))

    // The desk's answer comes first and knows nothing of the lamp's change.
    const [deskPut, lampPut] = bed.shop.held.splice(0)
    deskPut?.release()
    await waitFor(() => expect(bed.client.isMutating()).toBe(1))
    lampPut?.release()
    await settled()
    return { desk, lamp, screenCart }
  }

  it('lets two quick edits on different lines end right, on screen and on the server', async () => {
    const { desk, lamp } = await twoQuickEditsAnsweredInOrder()
    expect(quantityOf(desk.name)).toBe('2')
    expect(quantityOf(lamp.name)).toBe('2')
    expect(await bed.shop.call('GET', '/api/cart')).toMatchObject({ lines: [{ quantity: 2 }, { quantity: 2 }] })
  })

  it('never shows either of two quick edits on different lines going back while their answers arrive', async () => {
    const { screenCart } = await twoQuickEditsAnsweredInOrder()
    expect(screenCart.distinct()).toEqual(['1/1', '2/1', '2/2'])
  })

  it('keeps both edits on screen when their answers come back in the other order', async () => {
    const [desk, lamp] = [product(7, { stock: 9 }), product(8, { stock: 9 })]
    await startWithCart([
      [7, 1],
      [8, 1],
    ])
    const screenCart = renderCartRecordingQuantities([7, 8])
    // The server applies each write at once; only the answers wait.
    bed.shop.holdWrites('answers')
    await userEvent.click(await screen.findByRole('button', { name: `One more ${desk.name}` }))
    await waitFor(() => expect(bed.shop.held).toHaveLength(1))
    await userEvent.click(screen.getByRole('button', { name: `One more ${lamp.name}` }))
    await waitFor(() => expect(bed.shop.held).toHaveLength(2))

    // The lamp's answer (2/2) arrives first, then the desk's older one (2/1).
    const [deskAnswer, lampAnswer] = bed.shop.held.splice(0)
    lampAnswer?.release()
    await waitFor(() => expect(bed.client.isMutating()).toBe(1))
    deskAnswer?.release()
    await settled()

    expect(screenCart.distinct()).toEqual(['1/1', '2/1', '2/2'])
    expect(bed.client.getQueryData(cartKeys.detail())).toEqual(await bed.shop.call('GET', '/api/cart'))
  })

  it('ends with the server’s cart when answers land together', async () => {
    const [desk, lamp] = [product(7, { stock: 9 }), product(8, { stock: 9 })]
    await startWithCart([
      [7, 1],
      [8, 1],
    ])
    renderCartRecordingQuantities([7, 8])
    bed.shop.holdWrites()
    await userEvent.click(await screen.findByRole('button', { name: `One more ${desk.name}` }))
    await userEvent.click(screen.getByRole('button', { name: `One more ${lamp.name}` }))
    await waitFor(() => expect(bed.shop.held).toHaveLength(2))
    // Something the optimistic guess cannot know: stock moved meanwhile.
    setStock(7, 4)
    bed.shop.releaseAll()
    await settled()

    expect(bed.client.getQueryData(cartKeys.detail())).toEqual(await bed.shop.call('GET', '/api/cart'))
    expect(bed.client.getQueryData(cartKeys.detail())?.lines[0]?.stock).toBe(4)
  })

  it('lets the shopper lower a line that stock fell under, one step at a time', async () => {
    const desk = product(9, { stock: 9 })
    await startWithCart([[9, 5]])
    setStock(9, 2)
    renderCartPage()
    await userEvent.click(await screen.findByRole('button', { name: `One fewer ${desk.name}` }))
    expect(quantityOf(desk.name)).toBe('4')
    await waitFor(() => expect(bed.shop.writes()).toHaveLength(1), { timeout: STEPPER_DEBOUNCE_MS * 3 })
    await settled()
    expect(quantityOf(desk.name)).toBe('4')
    expect(screen.getByRole('alert')).toBeEmptyDOMElement()
    expect(await bed.shop.call('GET', '/api/cart')).toMatchObject({ lines: [{ quantity: 4, stock: 2 }] })
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
    await waitFor(() => expect(bed.shop.writes()).toHaveLength(1), { timeout: STEPPER_DEBOUNCE_MS * 3 })
    expect(bed.shop.writes()[0]?.body).toEqual({ quantity: 21 })
  })
})

describe('removing a line', () => {
  /** Three lines, desk, lamp and rug; the server fails every removal. The shopper removes the lamp, and the server has not answered. */
  async function removeMiddleLineWhileServerFails() {
    const [desk, lamp, rug] = [product(9), product(10), product(11)]
    await startWithCart([
      [9, 1],
      [10, 1],
      [11, 1],
    ])
    bed.shop.override((request) =>
      request.method === 'DELETE' ? HttpResponse.json({ error: { code: 'INTERNAL_ERROR', message: 'Database is busy' } }, { status: 500 }) : undefined,
    )
    renderCartPage()
    bed.shop.holdWrites()
    await userEvent.click(await screen.findByRole('button', { name: `Remove ${lamp.name}` }))
    return { desk, lamp, rug }
  }

  it('takes the line out at once', async () => {
    const { lamp } = await removeMiddleLineWhileServerFails()
    expect(screen.queryByRole('link', { name: lamp.name })).not.toBeInTheDocument()
  })

  it('puts the line back in its place, with a notice, if the server fails', async () => {
    const { desk, lamp, rug } = await removeMiddleLineWhileServerFails()
    bed.shop.releaseAll()
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent(`${lamp.name} was not updated: Database is busy — your cart now holds 1`))
    const names = within(screen.getByRole('list', { name: 'Cart lines' }))
      .getAllByRole('link')
      .map((link) => link.textContent)
    expect(names).toEqual([desk.name, lamp.name, rug.name])
  })

  it('waits for an add on the same product to finish first', async () => {
    const desk = product(9, { stock: 10 })
    await startWithCart([[9, 1]])
    renderInRouter(
      bed.client,
      <Suspense>
        <AddToCartButton product={desk} />
        <CartView />
      </Suspense>,
    )
    bed.shop.holdWrites()
    await userEvent.click(await screen.findByRole('button', { name: `Add to cart: ${desk.name}` }))
    await userEvent.click(screen.getByRole('button', { name: `Remove ${desk.name}` }))
    await waitFor(() => expect(bed.shop.held).toHaveLength(1))
    // The removal is there, waiting its turn behind the add, not sent.
    await waitFor(() => expect(bed.client.getMutationCache().find({ mutationKey: cartKeys.removeLine() })?.state.isPaused).toBe(true))
    expect(bed.shop.held.map((request) => request.method)).toEqual(['POST'])

    bed.shop.held.shift()?.release()
    await waitFor(() => expect(bed.shop.held.map((request) => request.method)).toEqual(['DELETE']))
    bed.shop.releaseAll()
    await waitFor(() => expect(bed.client.isMutating()).toBe(0))
    expect(await bed.shop.call('GET', '/api/cart')).toMatchObject({ lines: [] })
    expect(screen.getByText('Your cart is empty')).toBeInTheDocument()
  })
})

describe('the header badge', () => {
  it('renders once per change of the item count, not for answers that change nothing it shows', async () => {
    const lamp = product(4, { stock: 10 })
    await startWithCart([[3, 1]])
    let renders = 0
    renderInRouter(
      bed.client,
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
    await waitFor(() => expect(bed.client.isMutating()).toBe(0))
    await act(queryObserversNotified)
    expect(screen.getByText('Cart: 2 items')).toBeInTheDocument()
    expect(renders).toBe(2)

    // A refetch whose lines differ (new stock numbers) but whose count and subtotal do not.
    setStock(3, 4)
    await act(async () => {
      await bed.client.refetchQueries({ queryKey: cartKeys.detail() })
      // Query tells its observers on a later task: the badge has had its chance to render after this.
      await queryObserversNotified()
    })
    expect(bed.client.getQueryData(cartKeys.detail())?.lines[0]?.stock).toBe(4)
    expect(renders).toBe(2)
  })
})
