import { cacheTiers, type CacheTierName } from '../../app.config'
import { eventsKeepCartCurrent, eventsKeepDataCurrent } from './live-status'
import { naiveCachePolicy } from './naive-cache-policy'

type TierOptions = {
  /**
   * The server's live events carry every change to this data (stock, inventory rows): while they
   * arrive, the query neither polls nor refetches on focus, and falls back to the tier's timing when
   * they stop (see live-status.ts).
   */
  pushed?: boolean
  /**
   * Pushed, and each entry is one product's own state, which an event carries whole (stock): while
   * events arrive an entry does not age, and is refetched only when a change invalidates it. Not for
   * lists: events patch their rows but do not say which rows a filter would now hold.
   */
  freshWhileLive?: boolean
  /**
   * This browser's cart: every write to it publishes the whole cart as a `cart` event, heard by the
   * connections opened with its cookie, and the cascade refetches or patches it when a line's
   * price, name or stock moves. While such a connection is up the cart does not age; it falls back
   * to the tier's timing when the stream is down or does not carry it (no cart yet when it opened).
   */
  freshWhileCartLive?: boolean
}

/** The query options of a cache tier (app.config.ts), to spread into a queryOptions() object. */
export function tierOptions(name: CacheTierName, { pushed = false, freshWhileLive = false, freshWhileCartLive = false }: TierOptions = {}) {
  // The bench's naive build: staleTime 0, and Query's own defaults for the rest.
  if (naiveCachePolicy) return { staleTime: 0, gcTime: 5 * 60_000, refetchInterval: false as const, refetchOnWindowFocus: true }
  const { staleTime, gcTime, refetchInterval, refetchOnWindowFocus } = cacheTiers[name]
  if (freshWhileCartLive) return { staleTime: () => (eventsKeepCartCurrent() ? Infinity : staleTime), gcTime, refetchInterval, refetchOnWindowFocus }
  if (!pushed) return { staleTime, gcTime, refetchInterval, refetchOnWindowFocus }
  return {
    staleTime: freshWhileLive ? () => (eventsKeepDataCurrent() ? Infinity : staleTime) : staleTime,
    gcTime,
    refetchInterval: () => (eventsKeepDataCurrent() ? false : refetchInterval),
    refetchOnWindowFocus: () => !eventsKeepDataCurrent() && refetchOnWindowFocus,
  }
}
