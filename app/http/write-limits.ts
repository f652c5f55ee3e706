import type { Database } from '#db/work'
import { ApiError } from '~/lib/api-error'
import { rateLimitStoreFor } from './rate-limit-stores'

/** The writes that are limited: each costs a row, and a checkout takes stock with no payment behind it. */
export type LimitedWrite = 'cart' | 'checkout'

const MINUTE = 60_000

/** Per cart, whatever the address: one cart hammered from many addresses is still one cart. */
export const perCartPerMinute: Record<LimitedWrite, number> = { cart: 120, checkout: 30 }

export type PerAddressLimits = Record<LimitedWrite, number>

// The per-address budgets are the ones the first write saw: settings are read once, at start. On
// PostgreSQL every process must run with the same ones (a limiter's name is one budget).
const windowsOf = (kind: LimitedWrite, perAddress: PerAddressLimits) => ({
  address: { name: `write:${kind}:address`, limit: perAddress[kind], windowMs: MINUTE },
  cart: { name: `write:${kind}:cart`, limit: perCartPerMinute[kind], windowMs: MINUTE },
})

/**
 * Counts a write against its address's and its cart's budget, or refuses it with 429 and
 * Retry-After (the browser's retry policy waits that long). Neither budget is spent by a refusal.
 * The check and the count are one step of the database's rate-limit store (rate-limit-stores.ts),
 * so two writes at once, in this process or another, never both take a budget's last unit.
 */
export async function takeWriteBudget(
  db: Database,
  kind: LimitedWrite,
  { address, cartToken, perAddress }: { address: string | undefined; cartToken: string | undefined; perAddress: PerAddressLimits },
  now = Date.now(),
) {
  const store = rateLimitStoreFor(db)
  const windows = windowsOf(kind, perAddress)
  const claims = [
    ...(address ? [{ limiter: store.limiter(windows.address), key: address }] : []),
    ...(cartToken ? [{ limiter: store.limiter(windows.cart), key: cartToken }] : []),
  ]
  const wait = await store.take(claims, now)
  if (wait > 0) {
    const what = kind === 'checkout' ? 'orders' : 'cart changes'
    throw new ApiError(429, 'RATE_LIMITED', `Too many ${what} just now; try again in ${Math.ceil(wait / 1000)} seconds`, undefined, { retryAfterMs: wait })
  }
}
