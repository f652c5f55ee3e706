import { beforeEach, describe, expect, it } from 'vitest'
import type { RateLimitStore, SlidingWindow } from '~/http/rate-limit-store'

/**
 * Two handles on one store's counts, as two server processes on one database have them. For the
 * in-memory store both are the same store: one process, many requests at once.
 */
export type StoreHandles = { first: RateLimitStore; second: RateLimitStore }

const MINUTE = 60_000

let declared = 0
/** A limiter name no other test has used, so tests sharing one database stay apart. */
const budget = (limit: number, windowMs = MINUTE): SlidingWindow => ({ name: `test-${++declared}`, limit, windowMs })

/**
 * The behaviour every rate-limit store has, written once (app/http/rate-limit-store.ts). Every
 * call passes its own `now`: the window slides on a clock the test holds, never on real time.
 */
export function describeSlidingWindowStore(name: string, makeStores: () => StoreHandles | Promise<StoreHandles>) {
  describe(name, () => {
    let first: RateLimitStore
    let second: RateLimitStore
    beforeEach(async () => {
      ;({ first, second } = await makeStores())
    })

    it('refuses the event past the limit until the oldest in the window has left it', async () => {
      const limiter = first.limiter(budget(3))
      const take = (now: number) => first.take([{ limiter, key: 'ip:1' }], now)
      expect([await take(0), await take(20_000), await take(40_000)]).toEqual([0, 0, 0])
      expect(await take(50_000)).toBe(10_000)
      expect(await limiter.count('ip:1', 50_000)).toBe(3)
      expect(await take(60_000)).toBe(0)
      expect(await limiter.count('ip:1', 60_000)).toBe(3)
    })

    it('answers exactly how long until a key may go again, to the millisecond', async () => {
      const limiter = first.limiter(budget(3))
      for (const at of [0, 1_000, 5_000]) await limiter.record('ip:1', at)
      expect(await limiter.retryAfterMs('ip:1', 6_000)).toBe(54_000)
      expect(await limiter.retryAfterMs('ip:1', 59_999)).toBe(1)
      expect(await limiter.retryAfterMs('ip:1', 60_000)).toBe(0)
    })

    it('counts every record, past the limit too, and waits until enough have left the window', async () => {
      const limiter = first.limiter(budget(2))
      for (const at of [0, 10, 20, 30]) await limiter.record('ip:1', at)
      expect(await limiter.count('ip:1', 40)).toBe(4)
      expect(await limiter.retryAfterMs('ip:1', 40)).toBe(20 + MINUTE - 40)
      expect(await limiter.count('ip:1', MINUTE + 15)).toBe(2)
    })

    it('takes back the latest event on forgiveOne, and nothing when there is none', async () => {
      const limiter = first.limiter(budget(2))
      await limiter.forgiveOne('ip:1')
      for (const at of [0, 10, 20]) await limiter.record('ip:1', at)
      await limiter.forgiveOne('ip:1')
      expect(await limiter.count('ip:1', 30)).toBe(2)
      // The events at 0 and 10 are left: the key waits for the one at 0, not the one at 10.
      expect(await limiter.retryAfterMs('ip:1', 30)).toBe(MINUTE - 30)
    })

    it('forgets a key on reset, and only that key of that limiter', async () => {
      const window = budget(2)
      const limiter = first.limiter(window)
      const other = first.limiter(budget(2))
      for (const at of [0, 1]) {
        await limiter.record('ip:1', at)
        await limiter.record('ip:2', at)
        await other.record('ip:1', at)
      }
      await limiter.reset('ip:1')
      expect(await limiter.retryAfterMs('ip:1', 2)).toBe(0)
      expect(await limiter.count('ip:2', 2)).toBe(2)
      expect(await other.count('ip:1', 2)).toBe(2)
    })

    it('keeps keys and limiters apart', async () => {
      const limiter = first.limiter(budget(1))
      const other = first.limiter(budget(1))
      await limiter.record('ip:1', 0)
      expect(await limiter.retryAfterMs('ip:1', 1)).toBeGreaterThan(0)
      expect(await limiter.retryAfterMs('ip:2', 1)).toBe(0)
      expect(await other.retryAfterMs('ip:1', 1)).toBe(0)
    })

    it('counts a take on every key it claims, or on none when one of them must wait', async () => {
      const byAddress = first.limiter(budget(2))
      const byCart = first.limiter(budget(1))
      const write = (cart: string, now: number) =>
        first.take(
          [
            { limiter: byAddress, key: 'ip:1' },
            { limiter: byCart, key: cart },
          ],
          now,
        )
      expect(await write('cart:a', 0)).toBe(0)
      expect(await write('cart:a', 1)).toBe(MINUTE - 1)
      expect(await byAddress.count('ip:1', 2)).toBe(1)
      expect(await write('cart:b', 2)).toBe(0)
      expect(await write('cart:c', 3)).toBe(MINUTE - 3)
      expect(await byCart.count('cart:c', 4)).toBe(0)
    })

    it('forgets on prune only the events that have left their window', async () => {
      const limiter = first.limiter(budget(2))
      await limiter.record('ip:1', 0)
      await limiter.record('ip:1', 50_000)
      await limiter.record('ip:2', 0)
      await first.prune(70_000)
      expect(await limiter.count('ip:1', 70_000)).toBe(1)
      expect(await limiter.count('ip:2', 70_000)).toBe(0)
      expect(await limiter.retryAfterMs('ip:1', 70_000)).toBe(0)
    })

    it('refuses a limiter declared again under its name with another budget', () => {
      const window = budget(2)
      first.limiter(window)
      expect(() => first.limiter({ ...window, limit: 3 })).toThrow(/two budgets/)
    })

    describe('two handles on one store (two processes on one database)', () => {
      it('share one budget', async () => {
        const window = budget(2)
        await first.limiter(window).record('ip:1', 0)
        await second.limiter(window).record('ip:1', 1)
        expect(await first.limiter(window).retryAfterMs('ip:1', 2)).toBe(MINUTE - 2)
        expect(await second.take([{ limiter: second.limiter(window), key: 'ip:1' }], 2)).toBe(MINUTE - 2)
      })

      it('count every record made at once through both', async () => {
        const window = budget(100)
        const handles = [first.limiter(window), second.limiter(window)]
        await Promise.all(Array.from({ length: 40 }, (_, index) => handles[index % 2]!.record('ip:1', index)))
        expect(await first.limiter(window).count('ip:1', 40)).toBe(40)
      })

      it('grant exactly the budget to 50 takes at once: 10 of 10, on the address and on the carts', async () => {
        const address = budget(10)
        const cart = budget(100)
        const attempts = Array.from({ length: 50 }, (_, index) => {
          const store = index % 2 === 0 ? first : second
          const claims = [
            { limiter: store.limiter(address), key: 'ip:1' },
            { limiter: store.limiter(cart), key: `cart:${index % 3}` },
          ]
          return store.take(claims, 1_000)
        })
        const waits = await Promise.all(attempts)
        expect(waits.filter((wait) => wait === 0)).toHaveLength(10)
        expect(waits.filter((wait) => wait === MINUTE)).toHaveLength(40)
        expect(await first.limiter(address).count('ip:1', 1_000)).toBe(10)
        const carts = await Promise.all([0, 1, 2].map((index) => second.limiter(cart).count(`cart:${index}`, 1_000)))
        expect(carts.reduce((sum, counted) => sum + counted, 0)).toBe(10)
      })

      it('take back one event each for forgiveOne calls made at once through both', async () => {
        const window = budget(100)
        for (let at = 0; at < 12; at++) await first.limiter(window).record('ip:1', at)
        const handles = [first.limiter(window), second.limiter(window)]
        await Promise.all(Array.from({ length: 10 }, (_, index) => handles[index % 2]!.forgiveOne('ip:1')))
        expect(await first.limiter(window).count('ip:1', 20)).toBe(2)
        // The two left are the oldest, at 0 and 1: a minute on, only the one at 1 is still in the window.
        expect(await first.limiter(window).count('ip:1', MINUTE)).toBe(1)
      })
    })
  })
}
