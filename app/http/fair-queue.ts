import { ApiError } from '~/lib/api-error'

/**
 * Runs expensive work (a password check) a few at a time, taking turns between keys (callers'
 * addresses): each free slot goes to the key served least recently, not to the oldest job. However
 * many jobs one address has queued, another address waits for at most one job of each other
 * address with work waiting. A key may queue only `perKey` jobs; more is refused with 429, so the
 * queue's memory is bounded by its callers' budgets.
 */
export function createFairQueue({ concurrency, perKey }: { concurrency: number; perKey: number }) {
  const waiting = new Map<string, Array<() => void>>()
  // When each key last got a slot: the least recently served key with work waiting goes next.
  const servedAt = new Map<string, number>()
  let turn = 0
  let running = 0

  function leastRecentlyServed() {
    let chosen: string | undefined
    for (const key of waiting.keys()) if (chosen === undefined || (servedAt.get(key) ?? 0) < (servedAt.get(chosen) ?? 0)) chosen = key
    return chosen as string
  }

  function next() {
    while (running < concurrency && waiting.size > 0) {
      const key = leastRecentlyServed()
      const jobs = waiting.get(key) as Array<() => void>
      const start = jobs.shift() as () => void
      if (jobs.length === 0) waiting.delete(key)
      servedAt.set(key, ++turn)
      // Keys that went quiet are forgotten as the map grows: they come back first in line, once.
      if (servedAt.size > 10_000) for (const quiet of servedAt.keys()) if (!waiting.has(quiet)) servedAt.delete(quiet)
      running += 1
      start()
    }
  }

  return {
    async run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const jobs = waiting.get(key) ?? []
      if (jobs.length >= perKey) {
        throw new ApiError(429, 'RATE_LIMITED', 'Too many sign-ins from this address are still being checked; try again in a moment', undefined, { retryAfterMs: 1_000 })
      }
      await new Promise<void>((resolve) => {
        jobs.push(resolve)
        waiting.set(key, jobs)
        next()
      })
      try {
        return await task()
      } finally {
        running -= 1
        next()
      }
    },
    /** Jobs waiting for a slot, all keys together. */
    get waiting() {
      let total = 0
      for (const jobs of waiting.values()) total += jobs.length
      return total
    },
  }
}
