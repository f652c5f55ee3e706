import type { Database } from '#db/work'
import { ApiError } from '~/lib/api-error'
import { createSlidingWindowLimiter, type SlidingWindowLimiter } from './rate-limit'

/** The writes that are limited: each costs a row, and a checkout takes stock with no payment behind it. */
export type LimitedWrite = 'cart' | 'checkout'

const MINUTE = 60_000

/** Per cart, whatever the address: one cart hammered from many addresses is still one cart. */
export const perCartPerMinute: Record<LimitedWrite, number> = { cart: 120, checkout: 30 }

export type PerAddressLimits = Record<LimitedWrite, number>

type Limiters = Record<LimitedWrite, { address: SlidingWindowLimiter; cart: SlidingWindowLimiter }>

function createLimiters(perAddress: PerAddressLimits): Limiters {
  const pair = (kind: LimitedWrite) => ({
    address: createSlidingWindowLimiter({ limit: perAddress[kind], windowMs: MINUTE }),
    cart: createSlidingWindowLimiter({ limit: perCartPerMinute[kind], windowMs: MINUTE }),
  })
  return { cart: pair('cart'), checkout: pair('checkout') }
}

// One set per database: the server has one; each test database gets its own. The per-address
// budgets are the ones the first write saw: settings are read once, at start.
const byDatabase = new WeakMap<Database, Limiters>()

/**
 * Counts a write against its address's and its cart's budget, or refuses it with 429 and
 * Retry-After (the browser's retry policy waits that long). Neither budget is spent by a refusal.
 */
export function takeWriteBudget(
  db: Database,
  kind: LimitedWrite,
  { address, cartToken, perAddress }: { address: string | undefined; cartToken: string | undefined; perAddress: PerAddressLimits },
  now = Date.now(),
) {
  let limiters = byDatabase.get(db)
  if (!limiters) byDatabase.set(db, (limiters = createLimiters(perAddress)))
  const { address: byAddress, cart: byCart } = limiters[kind]
  const wait = Math.max(address ? byAddress.retryAfterMs(address, now) : 0, cartToken ? byCart.retryAfterMs(cartToken, now) : 0)
  if (wait > 0) {
    const what = kind === 'checkout' ? 'orders' : 'cart changes'
    throw new ApiError(429, 'RATE_LIMITED', `Too many ${what} just now; try again in ${Math.ceil(wait / 1000)} seconds`, undefined, { retryAfterMs: wait })
  }
  if (address) byAddress.record(address, now)
  if (cartToken) byCart.record(cartToken, now)
}
