import { onlineManager } from '@tanstack/react-query'
import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { HttpResponse } from 'msw'
import { Suspense } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { orders } from '#db/schema'
import { useSetCartLineQuantityMutation } from '~/features/cart/cart.mutations'
import type { Order } from '~/features/orders/orders.schemas'
import { CheckoutPage } from '~/pages/checkout-page'
import { setUpCartTestbed } from '../../tests/support/cart-testbed'
import { countRows, setArchived } from '../../tests/support/database-rows'
import { renderInRouter } from '../../tests/support/render-in-router'

const bed = setUpCartTestbed()

const details = { email: 'ada@example.com', name: 'Ada Lovelace', line1: '12 St James’s Square', city: 'London', postalCode: 'SW1Y 4JH' }

const ordersInDatabase = () => countRows(bed.db, orders)
const checkoutPosts = () => bed.shop.requests.filter((request) => request.method === 'POST' && request.path === '/api/checkout')

async function renderCheckout(lines: Array<[productId: number, quantity: number]> = [[2, 1]]) {
  await bed.startWithCart(lines)
  const placed = vi.fn<(order: Order) => void>()
  renderInRouter(
    bed.client,
    <Suspense fallback={<p>Loading</p>}>
      <CheckoutPage onPlaced={placed} />
    </Suspense>,
  )
  await screen.findByRole('heading', { name: 'Checkout' })
  return { placed, user: userEvent.setup() }
}

async function fillDetails(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByLabelText('Email'), details.email)
  await user.type(screen.getByLabelText('Full name'), details.name)
  await user.type(screen.getByLabelText('Street address'), details.line1)
  await user.type(screen.getByLabelText('Town or city'), details.city)
  await user.type(screen.getByLabelText('Postal code'), details.postalCode)
  await user.selectOptions(screen.getByLabelText('Country'), 'GB')
}

const placeOrderButton = () => screen.getByRole('button', { name: /Place order|Placing your order/ })
const formAlert = () => within(screen.getByRole('form', { name: 'Contact and delivery' })).getByRole('alert')

describe('the checkout form', () => {
  /** Presses "Place order" with a malformed email and the other fields empty. */
  async function placeWithBadEmail() {
    const { user } = await renderCheckout()
    await user.type(screen.getByLabelText('Email'), 'ada-at-example')
    await user.click(placeOrderButton())
    return user
  }

  it('names each field the schema refuses', async () => {
    await placeWithBadEmail()
    expect(screen.getByText('Enter an email address like name@example.com')).toBeInTheDocument()
    expect(screen.getByText('Enter your full name')).toBeInTheDocument()
    expect(screen.getByText('Enter the street address')).toBeInTheDocument()
  })

  it('focuses the first refused field, described by its message', async () => {
    await placeWithBadEmail()
    expect(screen.getByLabelText('Email')).toHaveFocus()
    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription('Enter an email address like name@example.com')
  })

  it('sends nothing while a field is refused', async () => {
    await placeWithBadEmail()
    expect(checkoutPosts()).toEqual([])
  })

  it('clears a refused field’s message as it is fixed', async () => {
    const user = await placeWithBadEmail()
    await user.type(screen.getByLabelText('Full name'), 'Ada')
    expect(screen.queryByText('Enter your full name')).not.toBeInTheDocument()
  })

  it('places the order with the server’s totals and hands it on', async () => {
    const { user, placed } = await renderCheckout([[2, 2]])
    await fillDetails(user)
    await user.click(placeOrderButton())
    await waitFor(() => expect(placed).toHaveBeenCalledTimes(1))
    expect(placed.mock.calls[0]?.[0]).toMatchObject({ name: details.name, itemCount: 2, lines: [{ productId: 2, quantity: 2 }] })
    expect(checkoutPosts()).toEqual([
      expect.objectContaining({ body: { email: details.email, name: details.name, address: { line1: details.line1, city: details.city, postalCode: details.postalCode, country: 'GB' } } }),
    ])
  })

  it('puts a field message from the server under that field', async () => {
    const { user } = await renderCheckout()
    bed.shop.override((request) =>
      request.url.endsWith('/api/checkout')
        ? HttpResponse.json(
            { error: { code: 'VALIDATION_ERROR', message: 'The request body is not valid', details: [{ path: 'address.postalCode', message: 'We cannot deliver to this postal code', code: 'custom' }] } },
            { status: 400 },
          )
        : undefined,
    )
    await fillDetails(user)
    await user.click(placeOrderButton())
    await waitFor(() => expect(screen.getByLabelText('Postal code')).toHaveAccessibleDescription('We cannot deliver to this postal code'))
    expect(screen.getByLabelText('Postal code')).toHaveFocus()
  })

  it('shows every short line from a stock refusal with its fix, without reading the cart again', async () => {
    const { user, placed } = await renderCheckout([
      [2, 3],
      [3, 1],
    ])
    bed.shop.setStock(2, 1)
    await fillDetails(user)
    await user.click(placeOrderButton())

    const region = await screen.findByRole('region', { name: /no longer available/ })
    const desk = bed.product(2)
    expect(region).toHaveTextContent(`${desk.name}: only 1 available (you asked for 3)`)
    expect(formAlert()).toHaveTextContent('Some items ran short')
    expect(placeOrderButton()).toHaveAttribute('aria-disabled', 'true')
    expect(bed.shop.requests.filter((request) => request.path === '/api/cart')).toEqual([])

    await user.click(within(region).getByRole('button', { name: 'Set to 1 available' }))
    await waitFor(() => expect(screen.queryByRole('region', { name: /no longer available/ })).not.toBeInTheDocument())
    // Fixed: the refusal's message goes with the lines it was about.
    expect(formAlert()).toBeEmptyDOMElement()
    await user.click(placeOrderButton())
    await waitFor(() => expect(placed).toHaveBeenCalledTimes(1))
    expect(ordersInDatabase()).toBe(1)
  })

  it('offers “remove” for a sold-out line', async () => {
    const { user } = await renderCheckout([
      [2, 1],
      [3, 2],
    ])
    bed.shop.setStock(3, 0)
    await fillDetails(user)
    await user.click(placeOrderButton())
    const region = await screen.findByRole('region', { name: /no longer available/ })
    expect(region).toHaveTextContent('sold out (you asked for 2)')
    expect(within(region).queryByRole('button', { name: /Set to/ })).not.toBeInTheDocument()
    await user.click(within(region).getByRole('button', { name: `Remove ${bed.product(3).name}` }))
    await waitFor(() => expect(screen.getByRole('list', { name: 'Items to order' }).children).toHaveLength(1))
  })

  it('names the lines no longer sold from a refusal, lists them to remove, and orders nothing until they are gone', async () => {
    const { user, placed } = await renderCheckout([
      [2, 1],
      [3, 2],
    ])
    setArchived(bed.db, 3, true)
    await fillDetails(user)
    await user.click(placeOrderButton())

    const lamp = bed.product(3)
    const region = await screen.findByRole('region', { name: 'One item is no longer sold' })
    expect(region).toHaveTextContent(`${lamp.name}: no longer sold`)
    expect(formAlert()).toHaveTextContent(`No longer sold: ${lamp.name}. Remove it above, then place your order: nothing was ordered.`)
    expect(placeOrderButton()).toHaveAttribute('aria-disabled', 'true')
    expect(ordersInDatabase()).toBe(0)

    await user.click(within(region).getByRole('button', { name: `Remove ${lamp.name}` }))
    await waitFor(() => expect(screen.queryByRole('region', { name: /no longer sold/ })).not.toBeInTheDocument())
    expect(formAlert()).toBeEmptyDOMElement()
    await user.click(placeOrderButton())
    await waitFor(() => expect(placed).toHaveBeenCalledTimes(1))
    expect(placed.mock.calls[0]?.[0]).toMatchObject({ lines: [{ productId: 2 }] })
  })

  it('a lost answer is retried with the same key, and the server places one order', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0)
    const { user, placed } = await renderCheckout()
    let lose = true
    bed.shop.override(async (request, forward) => {
      if (!request.url.endsWith('/api/checkout') || !lose) return undefined
      lose = false
      // The order is placed, but the answer never reaches the browser.
      await forward()
      return HttpResponse.error()
    })
    await fillDetails(user)
    await user.click(placeOrderButton())
    await waitFor(() => expect(placed).toHaveBeenCalledTimes(1))

    const posts = checkoutPosts()
    expect(posts).toHaveLength(2)
    expect(posts[0]?.idempotencyKey).toBe(posts[1]?.idempotencyKey)
    expect(ordersInDatabase()).toBe(1)
  })

  /** Presses "Place order" while every answer to it is lost on the way back (the server places the order). */
  async function placeWhileTheConnectionIsDown() {
    vi.spyOn(Math, 'random').mockReturnValue(0)
    const { user, placed } = await renderCheckout()
    const connection = { down: true }
    bed.shop.override(async (request, forward) => {
      if (!request.url.endsWith('/api/checkout') || !connection.down) return undefined
      await forward()
      return HttpResponse.error()
    })
    await fillDetails(user)
    await user.click(placeOrderButton())
    return { user, placed, connection }
  }

  it('when the connection stays down through every retry, says so', async () => {
    await placeWhileTheConnectionIsDown()
    await waitFor(() => expect(formAlert()).toHaveTextContent("We couldn't reach the shop"))
    expect(checkoutPosts()).toHaveLength(4)
  })

  it('pressing again once the connection is back reuses the key and orders once', async () => {
    const { user, placed, connection } = await placeWhileTheConnectionIsDown()
    await waitFor(() => expect(formAlert()).toHaveTextContent("We couldn't reach the shop"))

    connection.down = false
    await user.click(placeOrderButton())
    await waitFor(() => expect(placed).toHaveBeenCalledTimes(1))
    expect(new Set(checkoutPosts().map((post) => post.idempotencyKey)).size).toBe(1)
    expect(ordersInDatabase()).toBe(1)
  })

  it('offline, the button says why and nothing is sent or queued', async () => {
    const { user } = await renderCheckout()
    await fillDetails(user)
    onlineManager.setOnline(false)
    try {
      await waitFor(() => expect(placeOrderButton()).toHaveAttribute('aria-disabled', 'true'))
      expect(placeOrderButton()).toHaveAccessibleDescription(/You're offline\. Orders are placed only online, never queued/)
      await user.click(placeOrderButton())
      expect(checkoutPosts()).toEqual([])
      expect(bed.client.getMutationCache().getAll()).toEqual([])
    } finally {
      onlineManager.setOnline(true)
    }
  })

  it('a connection lost during the request fails after one attempt once the browser reports offline', async () => {
    const { user } = await renderCheckout()
    bed.shop.override((request) => {
      if (!request.url.endsWith('/api/checkout')) return undefined
      onlineManager.setOnline(false)
      return HttpResponse.error()
    })
    await fillDetails(user)
    try {
      await user.click(placeOrderButton())
      await waitFor(() => expect(formAlert()).toHaveTextContent("We couldn't reach the shop"))
      expect(checkoutPosts()).toHaveLength(1)
      expect(bed.client.getMutationCache().getAll().filter((mutation) => mutation.state.isPaused)).toEqual([])
    } finally {
      onlineManager.setOnline(true)
    }
  })

  it('a server error says so, and is not retried', async () => {
    const { user } = await renderCheckout()
    bed.shop.override((request) =>
      request.url.endsWith('/api/checkout') ? HttpResponse.json({ error: { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side' } }, { status: 500 }) : undefined,
    )
    await fillDetails(user)
    await user.click(placeOrderButton())
    await waitFor(() => expect(formAlert()).toHaveTextContent('Something went wrong on our side. Press Place order again'))
    expect(checkoutPosts()).toHaveLength(1)
  })

  /** Presses "Place order" after another tab emptied the cart: empty on the server, not on this screen. */
  async function placeWithTheCartEmptiedElsewhere() {
    const { user } = await renderCheckout([[2, 1]])
    await bed.shop.call('DELETE', '/api/cart/lines/2')
    await fillDetails(user)
    bed.shop.requests.length = 0
    await user.click(placeOrderButton())
  }

  it('an empty cart on the server reads the cart again', async () => {
    await placeWithTheCartEmptiedElsewhere()
    await screen.findByRole('heading', { name: 'Your cart is empty' })
    expect(bed.shop.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /api/checkout', 'GET /api/cart'])
  })

  it('an empty cart on the server shows the empty checkout, focused', async () => {
    await placeWithTheCartEmptiedElsewhere()
    expect(await screen.findByRole('heading', { name: 'Your cart is empty' })).toBeInTheDocument()
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Your cart is empty' })).toHaveFocus())
  })

  it('an empty cart on the server shows the way to the orders', async () => {
    await placeWithTheCartEmptiedElsewhere()
    expect(await screen.findByRole('link', { name: 'Your orders' })).toHaveAttribute('href', '/orders')
  })

  it('after a reused-key refusal, the next press is a new attempt with a new key', async () => {
    const { user, placed } = await renderCheckout()
    let refuse = true
    bed.shop.override((request) => {
      if (!request.url.endsWith('/api/checkout') || !refuse) return undefined
      refuse = false
      return HttpResponse.json({ error: { code: 'IDEMPOTENCY_KEY_REUSED', message: 'This Idempotency-Key was already used for another request' } }, { status: 422 })
    })
    await fillDetails(user)
    await user.click(placeOrderButton())
    await waitFor(() => expect(formAlert()).toHaveTextContent('Press Place order again'))
    await user.click(placeOrderButton())
    await waitFor(() => expect(placed).toHaveBeenCalledTimes(1))
    const [first, second] = checkoutPosts()
    expect(first?.idempotencyKey).not.toBe(second?.idempotencyKey)
  })

  it('while the order is on its way the button says so, and another press sends nothing', async () => {
    const { user, placed } = await renderCheckout()
    await fillDetails(user)
    bed.shop.holdWrites()
    await user.click(placeOrderButton())
    await waitFor(() => expect(placeOrderButton()).toHaveTextContent('Placing your order…'))
    expect(placeOrderButton()).toHaveAttribute('aria-disabled', 'true')
    await user.click(placeOrderButton())
    await user.keyboard('{Enter}')
    bed.shop.releaseAll()
    await waitFor(() => expect(placed).toHaveBeenCalledTimes(1))
    expect(checkoutPosts()).toHaveLength(1)
  })

  it('waits for a cart change on its way, and says why', async () => {
    const { user } = await renderCheckout([[2, 1]])
    bed.shop.holdWrites()
    function Bump() {
      const setQuantity = useSetCartLineQuantityMutation(2)
      return (
        <button type="button" onClick={() => setQuantity.mutate({ productId: 2, quantity: 2 })}>
          bump
        </button>
      )
    }
    renderInRouter(bed.client, <Bump />)
    await user.click(await screen.findByRole('button', { name: 'bump' }))
    await waitFor(() => expect(placeOrderButton()).toHaveAttribute('aria-disabled', 'true'))
    expect(placeOrderButton()).toHaveAccessibleDescription('Saving your cart changes…')
    bed.shop.releaseAll()
    await waitFor(() => expect(placeOrderButton()).not.toHaveAttribute('aria-disabled'))
  })
})
