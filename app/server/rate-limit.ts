/**
 * Counts failures per key over a sliding window (sign-in attempts per email and per IP). In
 * memory: the shop runs as one process, and a restart forgetting the counts only loosens the
 * limit for a minute.
 */
export function createFailureLimiter({ limit, windowMs }: { limit: number; windowMs: number }) {
  const failures = new Map<string, number[]>()

  function recent(key: string, now: number) {
    const kept = (failures.get(key) ?? []).filter((at) => at > now - windowMs)
    if (kept.length === 0) failures.delete(key)
    else failures.set(key, kept)
    return kept
  }

  return {
    /** How long until `key` may try again, or 0 when it may now. */
    retryAfterMs(key: string, now = Date.now()) {
      const kept = recent(key, now)
      if (kept.length < limit) return 0
      return (kept[kept.length - limit] as number) + windowMs - now
    },
    recordFailure(key: string, now = Date.now()) {
      failures.set(key, [...recent(key, now), now])
      // Keys of attackers who went away are dropped as the map grows.
      if (failures.size > 10_000) for (const stale of failures.keys()) recent(stale, now)
    },
    reset(key: string) {
      failures.delete(key)
    },
    /** Takes back the latest failure of `key` (an attempt counted before it was checked turned out right). */
    forgiveOne(key: string) {
      const kept = failures.get(key)
      if (kept?.length) kept.pop()
    },
  }
}

export type FailureLimiter = ReturnType<typeof createFailureLimiter>
