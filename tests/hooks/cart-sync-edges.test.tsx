/**
 * The edges of the cart's sync rule (features/cart/cart-sync.ts): reads and answers that race the
 * shopper's changes, failures with newer changes behind them, and a page that goes away mid-change.
 */
import { useQuery } from '@tanstack/react-query'
import { act, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { HttpResponse } from 'msw'
import { Suspense, type ReactNode } from 'react'
import { describe, expect, it } from 'vitest'
import { AddToCartButton } from '~/features/cart/components/add-to-cart-button'
import { CartView } from '~/features/cart/components/cart-view'
import { MiniCartBadge } from '~/features/cart/components/mini-cart-badge'
import { cartQueries } from '~/features/cart/cart.queries'
import { hasUnconfirmedCartChanges } from '~/features/cart/cart-sync'
import { STEPPER_DEBOUNCE_MS } from '~/features/cart/use-cart-line-stepper'
import { renderInRouter } from '../support/render-in-router'
import { setUpCartTestbed } from '../support/cart-testbed'

const bed = setUpCartTestbed()
const { product, startWithCart, quantityOf, settled } = bed

function renderCartRecording(id: number, beside: ReactNode = null) {
  const rendered: string[] = []
  function Recorder() {
    const { data } = useQuery(cartQueries.detail())
    rendered.push(String(data?.lines.find((l) => l.productId === id)?.quantity))
    return null
  }
  renderInRouter(
    bed.client,
    <Suspense>
      {beside}
      <Recorder />
      <CartView />
    </Suspense>,
  )
  return { distinct: () => rendered.filter((v, i) => v !== rendered[i - 1]) }
}

/** Holds GET answers (the server has already read the cart) until released. */
function gateReads() {
  const gates: Array<() => void> & { open?: boolean } = []
  bed.shop.override(async (request, forward) => {
    if (request.method !== 'GET' || gates.open) return undefined
    const answer = await forward()
    await new Promise<void>((release) => gates.push(release))
    return answer
  })
  return gates
}

describe('a cart read that starts while a change is unconfirmed', () => {
  async function startReadDuringAdd() {
    const desk = product(3, { stock: 10 })
    await startWithCart([[3, 1]])
    const recorded = renderCartRecording(3, <><MiniCartBadge /><AddToCartButton product={desk} /></>)
    await screen.findByText('Cart: 1 item')
    bed.shop.holdWrites()
    await userEvent.click(screen.getByRole('button', { name: `Add to cart: ${desk.name}` }))
    await waitFor(() => expect(bed.shop.held).toHaveLength(1))
    // Let through, this read would answer with the cart as it is before the POST applies.
    const gates = gateReads()
    // A read starts while the POST is unconfirmed (focus after >30 s, a loader's background refresh...)
    void bed.client.refetchQueries({ queryKey: cartQueries.detail().queryKey })
    return { recorded, gates }
  }

  it('is cancelled, and the cache keeps the change on screen', async () => {
    await startReadDuringAdd()
    await waitFor(() => expect(bed.client.getQueryState(cartQueries.detail().queryKey)?.fetchStatus).toBe('idle'))
    expect(bed.client.getQueryData(cartQueries.detail().queryKey)).toMatchObject({ itemCount: 2 })
  })

  it('never shows the cart without the change, and ends with the server’s cart', async () => {
    const { recorded, gates } = await startReadDuringAdd()
    await waitFor(() => expect(bed.client.getQueryState(cartQueries.detail().queryKey)?.fetchStatus).toBe('idle'))
    gates.open = true
    bed.shop.releaseAll()
    await waitFor(() => expect(bed.client.isMutating()).toBe(0))
    await settled()
    expect(recorded.distinct()).toEqual(['1', '2'])
    expect(await bed.shop.call('GET', '/api/cart')).toMatchObject({ itemCount: 2 })
    expect(bed.client.getQueryData(cartQueries.detail().queryKey)).toMatchObject({ itemCount: 2 })
  })
})

describe('a failed change while a newer burst on the same line is still unsent', () => {
  async function setup() {
    const chair = product(5, { stock: 20 })
    await startWithCart([[5, 2]])
    let puts = 0
    bed.shop.override((request) =>
      request.method === 'PUT' && puts++ === 0
        ? HttpResponse.json({ error: { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side' } }, { status: 500 })
        : undefined,
    )
    const recorded = renderCartRecording(5)
    const more = await screen.findByRole('button', { name: `One more ${chair.name}` })
    bed.shop.holdWrites()
    await userEvent.click(more) // 3, PUT(3) goes out after 300 ms
    await waitFor(() => expect(bed.shop.held).toHaveLength(1), { timeout: STEPPER_DEBOUNCE_MS * 3 })
    await userEvent.click(more) // 4: a new burst, not sent yet
    expect(quantityOf(chair.name)).toBe('4')
    bed.shop.releaseAll() // PUT(3) answers 500 while the burst waits
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent(/was not updated/))
    return { chair, more, recorded }
  }

  it('keeps the newer burst on screen, and sends it', async () => {
    const { chair, recorded } = await setup()
    expect(screen.getByRole('alert')).not.toHaveTextContent(/holds/)
    await waitFor(() => expect(bed.shop.writes()).toHaveLength(2), { timeout: STEPPER_DEBOUNCE_MS * 3 })
    await settled()
    expect(await bed.shop.call('GET', '/api/cart')).toMatchObject({ lines: [{ quantity: 4 }] })
    expect(recorded.distinct()).toEqual(['2', '3', '4'])
    expect(quantityOf(chair.name)).toBe('4')
  })

  it('sends a later burst that ends where the failed one began', async () => {
    const { chair, more } = await setup()
    // Whatever the screen shows now, the shopper steps it to 3 (original code: it shows 2, one click up).
    const fewer = screen.getByRole('button', { name: `One fewer ${chair.name}` })
    while (Number(quantityOf(chair.name)) !== 3) await userEvent.click(Number(quantityOf(chair.name)) < 3 ? more : fewer)
    expect(quantityOf(chair.name)).toBe('3')
    // The burst goes out once the clicks stop: a PUT after the one that failed.
    await waitFor(() => expect(bed.shop.writes().slice(1).map((write) => write.body)).toContainEqual({ quantity: 3 }))
    await settled()
    expect(await bed.shop.call('GET', '/api/cart')).toMatchObject({ lines: [{ quantity: 3 }] })
    expect(quantityOf(chair.name)).toBe('3')
  })
})

describe('a burst that sends nothing, made while the reconciling refetch is on its way', () => {
  it('still ends with the server’s cart', async () => {
    const [desk, lamp, rug] = [product(7, { stock: 9 }), product(8, { stock: 9 }), product(9, { stock: 9 })]
    await startWithCart([
      [7, 1],
      [8, 1],
      [9, 1],
    ])
    renderInRouter(bed.client, <Suspense><CartView /></Suspense>)
    bed.shop.holdWrites()
    await userEvent.click(await screen.findByRole('button', { name: `One more ${desk.name}` }))
    await userEvent.click(screen.getByRole('button', { name: `One more ${lamp.name}` }))
    await waitFor(() => expect(bed.shop.held).toHaveLength(2), { timeout: STEPPER_DEBOUNCE_MS * 3 })
    bed.shop.setStock(7, 4) // something the guess cannot know
    const gates = gateReads()
    bed.shop.releaseAll()
    await waitFor(() => expect(bed.client.isMutating()).toBe(0))
    await waitFor(() => expect(gates).toHaveLength(1)) // the one reconciling refetch is on its way
    // The shopper nudges the rug up and back down within 300 ms: nothing to send.
    await userEvent.click(screen.getByRole('button', { name: `One more ${rug.name}` }))
    await userEvent.click(screen.getByRole('button', { name: `One fewer ${rug.name}` }))
    gates.open = true
    gates.shift()?.()
    // The nudge counts as unconfirmed until its debounce has run out (and sent nothing).
    await waitFor(() => expect(hasUnconfirmedCartChanges(bed.client)).toBe(false))
    await settled()
    expect(hasUnconfirmedCartChanges(bed.client)).toBe(false)
    expect(bed.client.getQueryData(cartQueries.detail().queryKey)).toEqual(await bed.shop.call('GET', '/api/cart'))
  })
})

describe('a failure with a later change to the same line queued behind it', () => {
  it('does not bring a removed line back, nor say the cart holds it', async () => {
    const desk = product(9, { stock: 10 })
    await startWithCart([[9, 1]])
    let posts = 0
    bed.shop.override((request) =>
      request.method === 'POST' && posts++ === 0
        ? HttpResponse.json({ error: { code: 'INTERNAL_ERROR', message: 'Database is busy' } }, { status: 500 })
        : undefined,
    )
    const recorded = renderCartRecording(9, <AddToCartButton product={desk} />)
    bed.shop.holdWrites()
    await userEvent.click(await screen.findByRole('button', { name: `Add to cart: ${desk.name}` }))
    await userEvent.click(screen.getByRole('button', { name: `Remove ${desk.name}` }))
    await waitFor(() => expect(bed.shop.held).toHaveLength(1))
    bed.shop.held.shift()?.release() // the POST fails; the DELETE is then sent and held
    await waitFor(() => expect(bed.shop.held.map((r) => r.method)).toEqual(['DELETE']))
    // Only what failed: the removal still on its way decides what the cart holds.
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent(`${desk.name} was not updated: Database is busy`))
    expect(screen.getByRole('alert')).not.toHaveTextContent(/holds/)
    bed.shop.releaseAll()
    await settled()
    expect(await bed.shop.call('GET', '/api/cart')).toMatchObject({ lines: [] })
    expect(recorded.distinct()).toEqual(['1', '2', 'undefined'])
  })
})

describe('leaving the page mid-burst while the line has a PUT on its way', () => {
  it('sends the flushed burst as the page goes away', async () => {
    const chair = product(5, { stock: 20 })
    await startWithCart([[5, 2]])
    renderInRouter(bed.client, <Suspense><CartView /></Suspense>)
    const more = await screen.findByRole('button', { name: `One more ${chair.name}` })
    bed.shop.holdWrites('answers') // the server applies PUT(3) at once; its answer is slow
    await userEvent.click(more) // 3
    await waitFor(() => expect(bed.shop.held).toHaveLength(1), { timeout: STEPPER_DEBOUNCE_MS * 3 })
    await userEvent.click(more) // 4
    await userEvent.click(more) // 5, then the shopper reloads
    act(() => {
      window.dispatchEvent(new Event('pagehide'))
    })
    await waitFor(() => expect(bed.shop.writes().map((w) => w.body)).toEqual([{ quantity: 3 }, { quantity: 5 }]))
  })
})
