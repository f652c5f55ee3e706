import { sql } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { read, run } from '#db/work'
import type * as cartMaintenance from '~/features/cart/cart-maintenance.server'
import { CART_RETENTION } from '~/features/cart/cart-maintenance.server'
import { FIRST_MAINTENANCE_DELAY_MS, MAINTENANCE_INTERVAL_MS, runMaintenance, scheduleMaintenance } from '~/http/maintenance'
import { handleApiRequest, type RequestPolicy } from '~/http/api-router'
import { perCartPerMinute } from '~/http/write-limits'
import { setUpShopOnEitherEngine } from '../support/fresh-shop'
import { countRows } from '../support/shop-rows'

// Each purge of idle carts, in the order they start: a maintenance pass starts with one, at once
// when its timer fires, so their number says how many passes the schedule has started.
const purges = vi.hoisted(() => [] as Promise<unknown>[])
vi.mock('~/features/cart/cart-maintenance.server', async (importOriginal) => {
  const original = await importOriginal<typeof cartMaintenance>()
  return {
    ...original,
    purgeIdleCarts: (...args: Parameters<typeof original.purgeIdleCarts>) => {
      const purge = original.purgeIdleCarts(...args)
      purges.push(purge)
      return purge
    },
  }
})

const shop = setUpShopOnEitherEngine({ products: 20, stock: 500 })

const details = { email: 'ada@example.com', name: 'Ada Lovelace', address: { line1: '1 Main St', city: 'Leeds', postalCode: 'LS1 1AA', country: 'GB' } }

/** Sends a request as the HTTP server would, with the caller's address and these budgets. */
function callerWith(policy: RequestPolicy) {
  return (path: string, { ip, ...init }: RequestInit & { ip?: string } = {}) => {
    const request = new Request(new URL(path, 'http://localhost:3000'), init)
    if (ip) Object.defineProperty(request, 'ip', { value: ip })
    return handleApiRequest(request, { db: shop.db, policy })
  }
}

const add = (productId: number, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify({ productId, quantity: 1 }),
})

describe('write budgets', () => {
  it('answers 429 with Retry-After once an address has spent its cart writes for the minute, and leaves other addresses alone', async () => {
    const send = callerWith({ trustProxy: false, perAddress: { cart: 3, checkout: 10 } })
    for (let write = 0; write < 3; write++) expect((await send('/api/cart/lines', { ...add(1), ip: '10.0.0.1' })).status).toBe(200)
    const refused = await send('/api/cart/lines', { ...add(1), ip: '10.0.0.1' })
    expect(refused.status).toBe(429)
    expect(await refused.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } })
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60)
    expect(await countRows(shop.db, 'carts')).toBe(3)
    expect((await send('/api/cart/lines', { ...add(1), ip: '10.0.0.2' })).status).toBe(200)
  })

  it('limits checkouts per address: a burst of orders from one address cannot empty the warehouse', async () => {
    const send = callerWith({ trustProxy: false, perAddress: { cart: 1_000, checkout: 2 } })
    const statuses: number[] = []
    for (let shopper = 0; shopper < 5; shopper++) {
      const cart = await send('/api/cart/lines', { ...add(shopper + 1), ip: '10.0.0.3' })
      const cookie = (cart.headers.get('set-cookie') ?? '').split(';')[0] as string
      const order = await send('/api/checkout', {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify(details),
        ip: '10.0.0.3',
      })
      statuses.push(order.status)
    }
    expect(statuses).toEqual([201, 201, 429, 429, 429])
    expect(await countRows(shop.db, 'orders')).toBe(2)
  })

  // 121 writes one after another: on PostgreSQL each counts in the database, then writes the cart.
  it(`limits one cart to ${perCartPerMinute.cart} writes a minute, from any number of addresses`, { timeout: 30_000 }, async () => {
    const send = callerWith({ trustProxy: false, perAddress: { cart: 1_000_000, checkout: 10 } })
    const first = await send('/api/cart/lines', { ...add(1), ip: '10.1.0.0' })
    const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0] as string
    const set = (quantity: number, ip: string) =>
      send('/api/cart/lines/1', { method: 'PUT', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ quantity }), ip })
    for (let write = 0; write < perCartPerMinute.cart; write++) expect((await set((write % 5) + 1, `10.1.${write % 250}.${write}`)).status).toBe(200)
    expect((await set(2, '10.2.0.1')).status).toBe(429)
  })

  describe('X-Forwarded-For', () => {
    const forwarded = (ip: string) => ({ ...add(1, { 'x-forwarded-for': `${ip}, 192.0.2.${ip.length}` }), ip: '127.0.0.1' })

    it('is ignored when TRUST_PROXY is off: every request comes from the proxy’s own address', async () => {
      const direct = callerWith({ trustProxy: false, perAddress: { cart: 2, checkout: 10 } })
      expect((await direct('/api/cart/lines', forwarded('198.51.100.1'))).status).toBe(200)
      expect((await direct('/api/cart/lines', forwarded('198.51.100.22'))).status).toBe(200)
      expect((await direct('/api/cart/lines', forwarded('198.51.100.333'))).status).toBe(429)
    })

    it('gives the address, from its last entry, when TRUST_PROXY is on', async () => {
      const proxied = callerWith({ trustProxy: true, perAddress: { cart: 1, checkout: 10 } })
      expect((await proxied('/api/cart/lines', forwarded('198.51.100.1'))).status).toBe(200)
      expect((await proxied('/api/cart/lines', forwarded('198.51.100.22'))).status).toBe(200)
      expect((await proxied('/api/cart/lines', forwarded('198.51.100.1'))).status).toBe(429)
    })
  })
})

describe('the Origin check', () => {
  it.each([
    ['https://localhost:3000', 403],
    ['http://localhost:3001', 403],
    ['http://evil.example', 403],
    ['http://localhost:3000', 200],
  ])('answers a write with Origin %s and no Sec-Fetch-Site with %i (scheme, host and port must all match)', async (origin, status) => {
    const send = callerWith({ trustProxy: false, perAddress: { cart: 100, checkout: 10 } })
    expect((await send('/api/cart/lines', add(1, { origin }))).status).toBe(status)
  })
})

describe('maintenance', () => {
  const DAY = 24 * 60 * 60 * 1000
  /** Makes every cart `ms` older, as if nobody had touched it for that long. */
  const ageCarts = (ms: number) => read(shop.db, run((db, t) => db.update(t.carts).set({ updatedAt: sql`${t.carts.updatedAt} - ${ms}` })))
  /** Makes every Idempotency-Key record `ms` older. */
  const ageKeys = (ms: number) => read(shop.db, run((db, t) => db.update(t.cartRequests).set({ createdAt: sql`${t.cartRequests.createdAt} - ${ms}` })))

  /**
   * Three carts: one emptied and one with a line, both idle a day (the line's Idempotency-Key is
   * eight days old), and one in use.
   */
  async function cartsIdleADay() {
    const emptied = shop.createShopper()
    await emptied.add(1, 1)
    await emptied.remove(1)
    const abandoned = shop.createShopper()
    await abandoned.add(2, 1, { 'idempotency-key': crypto.randomUUID() })
    await ageCarts(CART_RETENTION.emptyMs + 1_000)
    await ageKeys(8 * DAY)
    const active = shop.createShopper()
    await active.add(3, 1)
  }

  it('purges an empty cart idle a day', async () => {
    await cartsIdleADay()
    expect(await runMaintenance(shop.db)).toMatchObject({ emptyCarts: 1 })
  })

  it('keeps a cart with lines that has been idle only a day', async () => {
    await cartsIdleADay()
    expect(await runMaintenance(shop.db)).toMatchObject({ abandonedCarts: 0 })
  })

  it('purges Idempotency-Keys older than a week', async () => {
    await cartsIdleADay()
    expect(await runMaintenance(shop.db)).toMatchObject({ expiredKeys: 1 })
  })

  it('purges carts with lines once idle past their cookie’s life, with their lines and keys', async () => {
    await cartsIdleADay()
    // The first pass takes the emptied cart and the old key.
    await runMaintenance(shop.db)
    await ageCarts(CART_RETENTION.withLinesMs)
    expect(await runMaintenance(shop.db)).toMatchObject({ emptyCarts: 0, abandonedCarts: 2 })
    expect([await countRows(shop.db, 'carts'), await countRows(shop.db, 'cartLines'), await countRows(shop.db, 'cartRequests')]).toEqual([0, 0, 0])
  })

  it('keeps a purged cart’s orders in reach: the browser’s next add makes its cart again under the same token', async () => {
    const shopper = shop.createShopper()
    await shopper.add(4, 1)
    expect((await shopper.checkout(details, crypto.randomUUID())).status).toBe(201)
    const token = shopper.cookie
    await ageCarts(CART_RETENTION.emptyMs + 1_000)
    expect((await runMaintenance(shop.db)).emptyCarts).toBe(1)
    await shopper.add(5, 1)
    expect(shopper.cookie).toBe(token)
    expect((await shop.api('/api/orders', { headers: { cookie: shopper.cookie ?? '' } })).body).toMatchObject({ items: [expect.anything()] })
  })

  describe('on the server’s own schedule', () => {
    beforeEach(() => void (purges.length = 0))
    afterEach(() => void vi.useRealTimers())

    const insertIdleCart = (token: string) => read(shop.db, run((db, t) => db.insert(t.carts).values({ token, createdAt: 0, updatedAt: 0 })))

    /**
     * A log for the schedule, and the line it writes next. A pass writes it last, once it has
     * purged something: on PostgreSQL its queries still run after the timer that started it has
     * fired, so the test waits for its line before reading what it left.
     */
    function watchLog() {
      const lines: string[] = []
      let waiting: ((line: string) => void) | undefined
      const log = (line: string) => {
        lines.push(line)
        waiting?.(line)
      }
      return { log, lines, nextLine: () => new Promise<string>((resolve) => (waiting = resolve)) }
    }

    it('runs shortly after start, not inside the request that opened the database', async () => {
      vi.useFakeTimers()
      const { log, nextLine } = watchLog()
      await insertIdleCart('idle-at-start')
      const stop = scheduleMaintenance(shop.db, { log })
      expect(purges).toHaveLength(0)
      expect(await countRows(shop.db, 'carts')).toBe(1)
      const line = nextLine()
      await vi.advanceTimersByTimeAsync(FIRST_MAINTENANCE_DELAY_MS)
      expect(purges).toHaveLength(1)
      expect(await line).toContain('"emptyCarts":1')
      expect(await countRows(shop.db, 'carts')).toBe(0)
      stop()
    })

    it('runs again every interval', async () => {
      vi.useFakeTimers()
      const { log, lines, nextLine } = watchLog()
      await insertIdleCart('idle-at-start')
      const stop = scheduleMaintenance(shop.db, { log })
      let line = nextLine()
      await vi.advanceTimersByTimeAsync(FIRST_MAINTENANCE_DELAY_MS)
      await line
      await insertIdleCart('idle-later')
      await vi.advanceTimersByTimeAsync(MAINTENANCE_INTERVAL_MS - FIRST_MAINTENANCE_DELAY_MS - 1)
      expect(purges).toHaveLength(1)
      expect(await countRows(shop.db, 'carts')).toBe(1)
      line = nextLine()
      await vi.advanceTimersByTimeAsync(1)
      expect(purges).toHaveLength(2)
      expect(await line).toContain('"emptyCarts":1')
      expect(await countRows(shop.db, 'carts')).toBe(0)
      expect(lines).toHaveLength(2)
      stop()
    })
  })
})
