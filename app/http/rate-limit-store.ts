import { createSlidingWindowLimiter, type SlidingWindowLimiter } from './rate-limit'

/** A limiter's budget: at most `limit` events per key in any `windowMs`. Its name keeps its events apart in a shared store. */
export type SlidingWindow = { name: string; limit: number; windowMs: number }

/** The sliding-window limiter of rate-limit.ts, with its counts kept in a store every process may share. */
export type StoredSlidingWindowLimiter = SlidingWindow & {
  /** How long until `key` may go again, or 0 when it may now. */
  retryAfterMs(key: string, now?: number): Promise<number>
  /** Counts one event for `key` (a failure, a write), whatever the count. */
  record(key: string, now?: number): Promise<void>
  /** How many events `key` has in the window now. */
  count(key: string, now?: number): Promise<number>
  reset(key: string): Promise<void>
  /** Takes back the latest event of `key` (an attempt counted before it was checked turned out right). */
  forgiveOne(key: string): Promise<void>
}

export type RateLimitClaim = { limiter: StoredSlidingWindowLimiter; key: string }

export type RateLimitStore = {
  /** A limiter over this store; limiters of one store are kept apart by name, and one name means one budget. */
  limiter(window: SlidingWindow): StoredSlidingWindowLimiter
  /**
   * Checks and counts in one step: counts one event for every claim and answers 0, or, when any
   * claim's key must wait, counts none and answers the longest wait. Two takes at once, from this
   * process or another sharing the store, never both pass on the last unit of a budget.
   */
  take(claims: readonly RateLimitClaim[], now?: number): Promise<number>
  /** Forgets the events that have left their window, so the store stays bounded. */
  prune(now?: number): Promise<void>
}

/**
 * Declares `window` in a store's table of limiters: a name declared again must keep its budget,
 * since the events under one name are counted against one limit.
 */
export function declareWindow<T>(declared: Map<string, { window: SlidingWindow; limiter: T }>, window: SlidingWindow, create: () => T): T {
  if (!Number.isInteger(window.limit) || window.limit < 1) throw new Error(`The limit of ${window.name} must be a whole number of at least 1`)
  const found = declared.get(window.name)
  if (!found) {
    const limiter = create()
    declared.set(window.name, { window, limiter })
    return limiter
  }
  if (found.window.limit !== window.limit || found.window.windowMs !== window.windowMs) {
    throw new Error(`The limiter ${window.name} is declared with two budgets`)
  }
  return found.limiter
}

/**
 * The store of one process: today's synchronous limiter behind promises. Every method runs to the
 * end before it returns, so `take` has no gap between its check and its count that another request
 * could slip into. Memory stays bounded by `maxKeys` per limiter, as before.
 */
export function createMemoryRateLimitStore({ maxKeys }: { maxKeys?: number } = {}): RateLimitStore {
  const declared = new Map<string, { window: SlidingWindow; limiter: StoredSlidingWindowLimiter }>()
  const countsOf = new WeakMap<StoredSlidingWindowLimiter, SlidingWindowLimiter>()

  function counts(limiter: StoredSlidingWindowLimiter) {
    const found = countsOf.get(limiter)
    if (!found) throw new Error(`The limiter ${limiter.name} belongs to another store`)
    return found
  }

  function limiter(window: SlidingWindow) {
    return declareWindow(declared, window, () => {
      const inner = createSlidingWindowLimiter({ limit: window.limit, windowMs: window.windowMs, maxKeys })
      const stored: StoredSlidingWindowLimiter = {
        ...window,
        retryAfterMs: async (key, now = Date.now()) => inner.retryAfterMs(key, now),
        record: async (key, now = Date.now()) => inner.record(key, now),
        count: async (key, now = Date.now()) => inner.count(key, now),
        reset: async (key) => inner.reset(key),
        forgiveOne: async (key) => inner.forgiveOne(key),
      }
      countsOf.set(stored, inner)
      return stored
    })
  }

  return {
    limiter,
    async take(claims, now = Date.now()) {
      const pairs = claims.map(({ limiter: claimed, key }) => [counts(claimed), key] as const)
      const wait = Math.max(0, ...pairs.map(([inner, key]) => inner.retryAfterMs(key, now)))
      if (wait === 0) for (const [inner, key] of pairs) inner.record(key, now)
      return wait
    },
    async prune(now = Date.now()) {
      for (const { limiter: stored } of declared.values()) counts(stored).prune(now)
    },
  }
}
