/**
 * Whether this tab hears the server's live events (GET /api/events), for the queries those events
 * keep current: while it does, they stop polling and stop refetching on focus (see
 * cache-tiers.ts). Shared code: the query layer sets it (app/query/live/), the tiers read it.
 *
 * - `off`: no stream in this runtime (the server, tests, a browser without EventSource): poll.
 * - `connecting`: a page has just loaded, or the stream dropped a moment ago: its data is fresh and
 *   the stream is on its way, so no poll is scheduled yet.
 * - `live`: events arrive.
 * - `down`: the stream has been unreachable for a while: polling is the fallback.
 *
 * Every change of state comes with a refetch of what is on screen (the query layer does it), and a
 * query re-reads its interval after each fetch: that is how polling stops and resumes.
 */
export type LiveStatus = 'off' | 'connecting' | 'live' | 'down'

let status: LiveStatus = 'off'
const listeners = new Set<(status: LiveStatus) => void>()

export const liveStatus = {
  get: () => status,
  set(next: LiveStatus) {
    if (next === status) return
    status = next
    for (const listener of listeners) listener(next)
  },
  subscribe(listener: (status: LiveStatus) => void) {
    listeners.add(listener)
    return () => void listeners.delete(listener)
  },
}

/** Whether live events keep pushed data current now (or are about to): no poll is needed. */
export const eventsKeepDataCurrent = () => status === 'live' || status === 'connecting'

let cartCarried = false

/**
 * Whether the stream was opened with this browser's cart (its hello said `cart: true`): only such
 * a connection hears the cart's `cart` events. The query layer sets it with each change of status.
 */
export const liveCart = {
  set: (carried: boolean) => void (cartCarried = carried),
}

/** Whether live events keep this browser's cart current: the stream is up and carries the cart. */
export const eventsKeepCartCurrent = () => cartCarried && eventsKeepDataCurrent()

/**
 * In the browser, before the first render: the stream is on its way (app/query/live/ opens it once
 * the page is interactive), so pushed queries schedule no poll.
 */
export function expectLiveEvents() {
  if (typeof EventSource !== 'undefined') liveStatus.set('connecting')
}
