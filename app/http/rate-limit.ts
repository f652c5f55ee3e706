/**
 * Sliding-window counters per key: sign-in failures per address, cart writes per cart. In memory:
 * the shop runs as one process, and a restart forgetting the counts only loosens a limit for one
 * window.
 */
export function createSlidingWindowLimiter({ limit, windowMs, maxKeys = 50_000 }: { limit: number; windowMs: number; maxKeys?: number }) {
  const events = new Map<string, number[]>()

  function recent(key: string, now: number) {
    const kept = (events.get(key) ?? []).filter((at) => at > now - windowMs)
    if (kept.length === 0) events.delete(key)
    else events.set(key, kept)
    return kept
  }

  /** Forgets every key whose events have all left the window. */
  function prune(now = Date.now()) {
    for (const key of events.keys()) recent(key, now)
  }

  function record(key: string, now = Date.now()) {
    events.set(key, [...recent(key, now), now])
    if (events.size <= maxKeys) return
    // Memory stays bounded: keys of clients who went away are dropped, then the oldest keys, down
    // to nine tenths, so a crowd of new addresses costs one sweep per tenth, not one per request.
    prune(now)
    for (const oldest of events.keys()) {
      if (events.size <= maxKeys * 0.9) break
      events.delete(oldest)
    }
  }

  return {
    /** How long until `key` may go again, or 0 when it may now. */
    retryAfterMs(key: string, now = Date.now()) {
      const kept = recent(key, now)
      if (kept.length < limit) return 0
      return (kept[kept.length - limit] as number) + windowMs - now
    },
    /** Counts one event for `key` (a failure, a write). */
    record,
    /** How many events `key` has in the window now. */
    count(key: string, now = Date.now()) {
      return recent(key, now).length
    },
    reset(key: string) {
      events.delete(key)
    },
    /** Takes back the latest event of `key` (an attempt counted before it was checked turned out right). */
    forgiveOne(key: string) {
      const kept = events.get(key)
      if (kept?.length) kept.pop()
    },
    prune,
  }
}

export type SlidingWindowLimiter = ReturnType<typeof createSlidingWindowLimiter>
