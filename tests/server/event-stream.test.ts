import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CART_RETENTION, purgeIdleCarts } from '~/features/cart/cart-maintenance.server'
import { apiErrorBodySchema } from '~/lib/api-error'
import { eventBusFor } from '~/live/event-bus'
import { processStartId } from '~/live/event-bus'
import { MAX_QUEUED_BYTES } from '~/live/event-stream'
import { eventCursorSchema, streamHelloSchema } from '~/live/live-events'
import { serverSettings } from '../../app.config'
import { openEventStream, type Frame } from '../support/event-stream-client'
import { setUpShopOnEitherEngine } from '../support/fresh-shop'

/** GET /api/events over the API's one handler, read frame by frame as a browser's EventSource would. */

const shop = setUpShopOnEitherEngine({ products: 5, stock: 10 })
let admin: string

beforeEach(async () => {
  admin = await shop.adminCookie()
})

afterEach(() => {
  vi.useRealTimers()
})

const restock = (productId: number, delta = 1) =>
  shop.api(`/api/admin/products/${productId}/restock`, { method: 'POST', headers: { cookie: admin, 'content-type': 'application/json' }, body: JSON.stringify({ delta, reason: 'Delivery' }) })

const hello = (frame: Frame | undefined) => {
  expect(frame?.event).toBe('hello')
  expect(frame?.id).toBeUndefined()
  return streamHelloSchema.parse(frame?.data)
}

describe('GET /api/events', () => {
  it('answers an unbuffered, uncached event stream that starts with retry and a hello without an id', async () => {
    const stream = await openEventStream(shop.db)
    expect(stream.response.status).toBe(200)
    expect(stream.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    expect(stream.response.headers.get('cache-control')).toBe('no-store')
    expect(stream.response.headers.get('x-accel-buffering')).toBe('no')
    const first = await stream.next()
    expect(first?.retry).toBe(1000)
    expect(hello(first)).toEqual({ lastEventId: eventBusFor(shop.db).newestId(), resumed: false, cart: false, admin: false })
    await stream.cancel()
  })

  it('sends each committed change as an event with an increasing id, its type and its data', async () => {
    const stream = await openEventStream(shop.db)
    const { lastEventId } = hello(await stream.next())
    await restock(2, 3)
    expect(await stream.nextEvent()).toEqual({ id: lastEventId + 1, event: 'stock', data: { productId: 2, stock: 13, version: 2 } })
    await stream.cancel()
  })

  it('never sends another cart’s changes, and sends this cart’s to it', async () => {
    const mine = shop.createShopper()
    const theirs = shop.createShopper()
    await mine.add(1, 1)
    const stream = await openEventStream(shop.db, { cookie: mine.cookie })
    expect(hello(await stream.next()).cart).toBe(true)
    await theirs.add(2, 1)
    const added = await mine.add(3, 1)
    expect(await stream.nextEvent()).toMatchObject({ event: 'cart', data: added.body })
    await stream.cancel()
  })

  it('says it hears no cart when the cookie names none (made up, or its cart purged)', async () => {
    const stream = await openEventStream(shop.db, { cookie: 'cartwheel_cart=a-cart-that-is-gone' })
    expect(hello(await stream.next()).cart).toBe(false)
    await stream.cancel()
  })

  it('sends inventory rows only to a signed-in admin', async () => {
    const shopper = await openEventStream(shop.db)
    const adminStream = await openEventStream(shop.db, { cookie: admin })
    hello(await shopper.next())
    expect(hello(await adminStream.next()).admin).toBe(true)
    await restock(1)
    await restock(2)
    expect((await adminStream.nextEvent())?.event).toBe('stock')
    expect(await adminStream.nextEvent()).toMatchObject({ event: 'inventory', data: { productId: 1 } })
    expect(await shopper.nextEvent()).toMatchObject({ event: 'stock', data: { productId: 1 } })
    expect(await shopper.nextEvent()).toMatchObject({ event: 'stock', data: { productId: 2 } })
    await Promise.all([shopper.cancel(), adminStream.cancel()])
  })

  it('stops sending inventory rows from the first heartbeat after the admin signs out', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    // The stream's session signs out; the restocks below are another admin's, still signed in.
    const leaving = await shop.adminCookie()
    const stream = await openEventStream(shop.db, { cookie: leaving })
    hello(await stream.next())
    await restock(1)
    expect((await stream.nextEvent())?.event).toBe('stock')
    expect((await stream.nextEvent())?.event).toBe('inventory')
    await shop.api('/api/admin/session', { method: 'DELETE', headers: { cookie: leaving } })
    vi.advanceTimersByTime(serverSettings().EVENT_HEARTBEAT_MS)
    expect(await stream.next()).toEqual({ comment: 'ping' })
    await restock(1)
    await restock(2)
    expect(await stream.nextEvent()).toMatchObject({ event: 'stock', data: { productId: 1 } })
    expect(await stream.nextEvent()).toMatchObject({ event: 'stock', data: { productId: 2 } })
    await stream.cancel()
  })

  it('ends a stream that carries a cart at the first heartbeat after the cart is purged, so the browser reopens it', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const shopper = shop.createShopper()
    await shopper.add(1, 1)
    const stream = await openEventStream(shop.db, { cookie: shopper.cookie })
    expect(hello(await stream.next()).cart).toBe(true)
    vi.advanceTimersByTime(serverSettings().EVENT_HEARTBEAT_MS)
    expect(await stream.next()).toEqual({ comment: 'ping' })
    await purgeIdleCarts(shop.db, Date.now() + CART_RETENTION.withLinesMs + 1)
    await vi.advanceTimersByTimeAsync(serverSettings().EVENT_HEARTBEAT_MS)
    expect(await stream.next()).toBeUndefined()
  })

  it('replays the events after Last-Event-ID, filtered for this connection, then goes on live', async () => {
    const first = await openEventStream(shop.db)
    const { lastEventId } = hello(await first.next())
    await first.cancel()
    await restock(1)
    await restock(2)
    const resumed = await openEventStream(shop.db, { lastEventId: String(lastEventId) })
    expect(hello(await resumed.next())).toMatchObject({ resumed: true, lastEventId: lastEventId + 4 })
    // The inventory rows (admins only) between them are skipped, their ids with them.
    expect(await resumed.nextEvent()).toMatchObject({ id: lastEventId + 1, event: 'stock', data: { productId: 1 } })
    expect(await resumed.nextEvent()).toMatchObject({ id: lastEventId + 3, event: 'stock', data: { productId: 2 } })
    await restock(3)
    expect(await resumed.nextEvent()).toMatchObject({ id: lastEventId + 5, data: { productId: 3 } })
    await resumed.cancel()
  })

  it('resumes from ?since= (a page’s cursor) when there is no Last-Event-ID', async () => {
    const cursor = eventCursorSchema.parse((await shop.api('/api/events/cursor')).body)
    expect(cursor.lastEventId).toBe(eventBusFor(shop.db).newestId())
    await restock(4)
    const stream = await openEventStream(shop.db, { since: String(cursor.lastEventId) })
    expect(hello(await stream.next()).resumed).toBe(true)
    expect(await stream.nextEvent()).toMatchObject({ id: cursor.lastEventId + 1, data: { productId: 4 } })
    await stream.cancel()
  })

  it.each([
    ['an earlier process', () => processStartId(Date.UTC(2020, 0, 1)) + 3],
    ['a later process', () => eventBusFor(shop.db).newestId() + 1],
  ])('sends a reset carrying the newest id for a resume point from %s', async (_, resumePoint) => {
    await restock(1)
    const stream = await openEventStream(shop.db, { lastEventId: String(resumePoint()) })
    const newest = eventBusFor(shop.db).newestId()
    expect(hello(await stream.next())).toMatchObject({ resumed: false, lastEventId: newest })
    expect(await stream.next()).toEqual({ id: newest, event: 'reset', data: {} })
    await stream.cancel()
  })

  it.each([
    [{ lastEventId: 'yesterday' }, 'Last-Event-ID'],
    [{ lastEventId: '99999999999999999' }, 'Last-Event-ID'],
    [{ since: '-1' }, 'since'],
  ])('answers 400 in the API’s error shape for a resume point like %j', async (options, path) => {
    const stream = await openEventStream(shop.db, options)
    expect(stream.response.status).toBe(400)
    const body = apiErrorBodySchema.parse(await stream.response.json())
    expect(body.error).toMatchObject({ code: 'VALIDATION_ERROR', details: [expect.objectContaining({ path })] })
  })

  it('refuses a stream past the per-address cap with 429 and Retry-After, and frees the slot when one closes', async () => {
    const cap = serverSettings().EVENT_STREAMS_PER_ADDRESS
    const open = await Promise.all(Array.from({ length: cap }, () => openEventStream(shop.db, { ip: '198.51.100.1' })))
    const refused = await openEventStream(shop.db, { ip: '198.51.100.1' })
    expect(refused.response.status).toBe(429)
    expect(Number(refused.response.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(apiErrorBodySchema.parse(await refused.response.json()).error.code).toBe('RATE_LIMITED')
    const elsewhere = await openEventStream(shop.db, { ip: '198.51.100.2' })
    expect(elsewhere.response.status).toBe(200)
    await open[0]?.cancel()
    const again = await openEventStream(shop.db, { ip: '198.51.100.1' })
    expect(again.response.status).toBe(200)
    await Promise.all([...open.slice(1), elsewhere, again].map((stream) => stream.cancel()))
  })

  it('drops a reader that falls too far behind instead of buffering for it', async () => {
    const bus = eventBusFor(shop.db)
    const stream = await openEventStream(shop.db)
    const name = 'x'.repeat(10_000)
    const published = Math.ceil((2 * MAX_QUEUED_BYTES) / name.length)
    for (let id = 1; id <= published; id += 1) {
      bus.publish({ type: 'category', data: { slug: 'a', name, position: 1, version: id }, audience: { to: 'everyone' } })
    }
    expect(bus.listenerCount()).toBe(0)
    // The stream fails, so the server destroys the connection with what it queued: the browser
    // resumes after the last event it received.
    await expect(stream.next()).rejects.toThrow('The reader fell too far behind')
    // Its slot is free again.
    const next = await openEventStream(shop.db)
    expect(next.response.status).toBe(200)
    await next.cancel()
  })

  it('unsubscribes when the client goes away', async () => {
    const bus = eventBusFor(shop.db)
    const client = new AbortController()
    const stream = await openEventStream(shop.db, { signal: client.signal })
    hello(await stream.next())
    expect(bus.listenerCount()).toBe(1)
    client.abort()
    expect(bus.listenerCount()).toBe(0)
    expect(await stream.next()).toBeUndefined()
  })
})
