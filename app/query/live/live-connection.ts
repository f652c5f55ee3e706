import { matchMutation, type QueryClient } from '@tanstack/react-query'
import { adminKeys } from '~/features/admin/admin.queries'
import { cartKeys } from '~/features/cart/cart.queries'
import { liveCart, liveStatus, type LiveStatus } from '~/lib/live-status'
import { liveEventSchemas, parseLiveEvent, streamHelloSchema, type LiveEvent, type StreamHello } from '~/live/live-events'
import { liveQueries } from '~/live/live.queries'
import { dispatchLiveEvent, dispatchMissedEvents } from '../event-cascade'

/**
 * One connection to GET /api/events per browser, not per tab. The tabs elect a leader with a Web
 * Lock: the tab holding it opens the EventSource and relays every event to the others over a
 * BroadcastChannel; the others wait in the lock's queue, so when the leader closes, the next tab
 * is granted the lock at once and connects, resuming from the last event it saw. Every tab runs
 * each event through the cascade (event-cascade.ts) on its own QueryClient, once: events carry
 * increasing ids, and an id at or below the last one applied is skipped.
 *
 * A tab that opens late asks the leader for what it missed since its page was rendered (the
 * server-rendered resume point, liveQueries.cursor); the leader replays it from a short buffer, or
 * says it cannot and the tab refetches what is volatile. The stream's state drives polling through
 * live-status.ts: `live` stops it, `down` (no stream for DOWN_AFTER_MS) resumes it.
 */

const CHANNEL_NAME = 'cartwheel:live'
const LEADER_LOCK = 'cartwheel:live-leader'
/** How long the stream may be away before polling takes over. */
export const DOWN_AFTER_MS = 5_000
/** Delays before reconnecting after the server refused the stream (EventSource retries by itself only after a network error). */
const RETRY_DELAYS_MS = [1_000, 2_000, 5_000, 10_000, 30_000]
/** Events the leader keeps for tabs that open later. */
const RELAY_BUFFER_SIZE = 200

const EVENT_TYPES = Object.keys(liveEventSchemas)

type Message =
  | { kind: 'event'; event: LiveEvent }
  | { kind: 'status'; status: Exclude<LiveStatus, 'off'>; hello: StreamHello | null }
  | { kind: 'join'; tab: string; since: number | null }
  | { kind: 'catch-up'; tab: string; events: LiveEvent[]; complete: boolean }
  | { kind: 'reconnect' }

/** Joins this tab to the browser's live events; returns the function that leaves. */
export function startLiveEvents(client: QueryClient): () => void {
  if (typeof EventSource === 'undefined') {
    liveStatus.set('off')
    return () => {}
  }
  const tab = new LiveTab(client)
  return () => tab.stop()
}

/** For whoever watches from outside the page (end-to-end tests, the bench): `html[data-live="live"]`. */
const markDocument = (status: LiveStatus) => void (document.documentElement.dataset.live = status)

class LiveTab {
  private readonly tab = crypto.randomUUID()
  private readonly channel: BroadcastChannel | undefined
  private readonly stopped = new AbortController()
  /** The id of the last event applied here (or the server-rendered resume point). */
  private lastId: number | null
  private hello: StreamHello | null = null
  /** Set when the stream came back after being down and volatile data was refreshed, until the next event. */
  private refreshedOnReturn = false
  private downTimer: ReturnType<typeof setTimeout> | undefined
  private leader: Leader | undefined
  private readonly unsubscribe: () => void

  constructor(private readonly client: QueryClient) {
    this.lastId = client.getQueryData(liveQueries.cursor().queryKey)?.lastEventId ?? null
    this.channel = typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel(CHANNEL_NAME)
    this.channel?.addEventListener('message', (message: MessageEvent<Message>) => this.receive(message.data))
    this.unsubscribe = this.watchCredentials()
    if (liveStatus.get() === 'off') liveStatus.set('connecting')
    markDocument(liveStatus.get())
    this.armDownTimer()
    if (!this.channel || !('locks' in navigator)) {
      // Without both, each tab keeps its own connection.
      this.lead()
      return
    }
    this.post({ kind: 'join', tab: this.tab, since: this.lastId })
    void navigator.locks
      .request(LEADER_LOCK, { signal: this.stopped.signal }, () => {
        this.lead()
        // Held until the tab closes (or leaves): the lock's release is the handover.
        return new Promise<void>((resolve) => this.stopped.signal.addEventListener('abort', () => resolve(), { once: true }))
      })
      .catch(() => {})
  }

  stop() {
    this.stopped.abort()
    this.leader?.close()
    this.channel?.close()
    this.unsubscribe()
    clearTimeout(this.downTimer)
  }

  private post(message: Message) {
    this.channel?.postMessage(message)
  }

  private lead() {
    if (this.stopped.signal.aborted) return
    this.leader = new Leader({
      since: () => this.lastId,
      onEvent: (event) => {
        this.post({ kind: 'event', event })
        this.apply(event)
      },
      onStatus: (status, hello) => {
        this.post({ kind: 'status', status, hello })
        this.setStatus(status, hello)
      },
      onCatchUp: (reply) => this.post(reply),
    })
  }

  private receive(message: Message) {
    switch (message.kind) {
      case 'event':
        return this.apply(message.event)
      case 'status':
        return this.setStatus(message.status, message.hello)
      case 'join':
        return this.leader?.join(message.tab, message.since)
      case 'catch-up':
        if (message.tab !== this.tab) return
        for (const event of message.events) this.apply(event)
        if (!message.complete) dispatchMissedEvents(this.client, 'reset · this tab opened before the stream could replay its gap')
        return
      case 'reconnect':
        return this.leader?.reconnect()
    }
  }

  /** Runs an event through the cascade once: an id at or below the last one applied is a repeat (a relay and a replay of the same event). */
  private apply(event: LiveEvent) {
    if (this.lastId !== null && event.id <= this.lastId) return
    this.lastId = event.id
    const refreshed = this.refreshedOnReturn
    this.refreshedOnReturn = false
    // The stream came back after being down and what is volatile was just refreshed: a reset right after it asks for the same.
    if (event.type === 'reset' && refreshed) return
    dispatchLiveEvent(this.client, event)
  }

  private setStatus(status: Exclude<LiveStatus, 'off'>, hello: StreamHello | null) {
    const previous = liveStatus.get()
    this.hello = hello ?? this.hello
    clearTimeout(this.downTimer)
    // Before the status: what its listeners refetch reads both.
    liveCart.set(this.hello?.cart === true)
    liveStatus.set(status)
    markDocument(status)
    // Each change comes with a fetch of what is on screen, after which every query re-reads its
    // interval: polling resumes when the stream is down and stops once it is back.
    if (status === 'down' && previous !== 'down') dispatchMissedEvents(this.client, 'stream down · polling takes over')
    if (status === 'live' && previous === 'down') {
      dispatchMissedEvents(this.client, 'stream back · volatile data refreshed once')
      this.refreshedOnReturn = true
    }
  }

  /** Until a leader says how the stream is, polling waits only so long. */
  private armDownTimer() {
    clearTimeout(this.downTimer)
    this.downTimer = setTimeout(() => this.setStatus('down', null), DOWN_AFTER_MS)
  }

  /**
   * The server picks a connection's audience when it opens: the cart its cookie names, whether an
   * admin is signed in. When this browser gets its first cart, or an admin signs in or out, the
   * connection is reopened (resuming from the last event, so the cart's own event still arrives).
   */
  private watchCredentials() {
    return this.client.getMutationCache().subscribe((event) => {
      if (event.type !== 'updated' || event.action.type !== 'success' || !this.hello) return
      const { mutation } = event
      const stale =
        (matchMutation({ mutationKey: cartKeys.all }, mutation) && !this.hello.cart) ||
        (matchMutation({ mutationKey: adminKeys.signIn() }, mutation) && !this.hello.admin) ||
        (matchMutation({ mutationKey: adminKeys.signOut() }, mutation) && this.hello.admin)
      if (!stale) return
      // Asked once per connection: the next hello says whether it worked.
      this.hello = null
      if (this.leader) this.leader.reconnect()
      else this.post({ kind: 'reconnect' })
    })
  }
}

type LeaderHooks = {
  /** Where a new connection resumes from: the last event this tab applied. */
  since: () => number | null
  onEvent: (event: LiveEvent) => void
  onStatus: (status: Exclude<LiveStatus, 'off'>, hello: StreamHello | null) => void
  onCatchUp: (reply: Extract<Message, { kind: 'catch-up' }>) => void
}

/** The tab that holds the connection: it reconnects, keeps a short buffer for tabs that open later, and reports the stream's state. */
class Leader {
  private source: EventSource | undefined
  private hello: StreamHello | null = null
  private status: Exclude<LiveStatus, 'off'> = 'connecting'
  private buffer: LiveEvent[] = []
  /** Every event after this id is in the buffer (null until the stream says where it resumed). */
  private coveredFrom: number | null = null
  private pendingJoins: Array<{ tab: string; since: number | null }> = []
  private retries = 0
  private retryTimer: ReturnType<typeof setTimeout> | undefined
  private downTimer: ReturnType<typeof setTimeout> | undefined

  constructor(private readonly hooks: LeaderHooks) {
    this.connect()
  }

  close() {
    this.source?.close()
    clearTimeout(this.retryTimer)
    clearTimeout(this.downTimer)
  }

  reconnect() {
    this.retries = 0
    this.connect()
  }

  /** A tab opened: it gets the buffered events after its resume point, or word that they are not all here. */
  join(tab: string, since: number | null) {
    if (this.status !== 'live') return void this.pendingJoins.push({ tab, since })
    const complete = since !== null && this.coveredFrom !== null && since >= this.coveredFrom
    this.hooks.onCatchUp({ kind: 'catch-up', tab, events: complete ? this.buffer.filter((event) => event.id > since) : [], complete })
    this.hooks.onStatus(this.status, this.hello)
  }

  private connect() {
    this.close()
    this.setStatus(this.status === 'down' ? 'down' : 'connecting')
    const since = this.hooks.since()
    const source = new EventSource(since === null ? '/api/events' : `/api/events?since=${since}`)
    this.source = source
    source.addEventListener('hello', (message) => this.onHello(message))
    for (const type of EVENT_TYPES) source.addEventListener(type, (message) => this.onEvent(type, message))
    source.addEventListener('error', () => {
      if (source !== this.source) return
      if (source.readyState === EventSource.CLOSED) return this.retryLater()
      // EventSource reconnects by itself (the server asks for a 1 s delay), resuming from its last id.
      if (this.status === 'live') this.setStatus('connecting')
    })
  }

  private retryLater() {
    clearTimeout(this.retryTimer)
    const delay = RETRY_DELAYS_MS[Math.min(this.retries, RETRY_DELAYS_MS.length - 1)]
    this.retries += 1
    this.retryTimer = setTimeout(() => this.connect(), delay)
    if (this.status === 'live') this.setStatus('connecting')
  }

  private onHello(message: MessageEvent<string>) {
    const parsed = streamHelloSchema.safeParse(JSON.parse(message.data))
    if (!parsed.success) return
    this.hello = parsed.data
    this.retries = 0
    if (!this.hello.resumed) {
      // A reset follows (or, with no resume point, nothing is known of the past): the buffer starts again.
      this.buffer = []
      this.coveredFrom = this.hello.lastEventId
    } else this.coveredFrom ??= this.hooks.since()
    this.setStatus('live')
    for (const { tab, since } of this.pendingJoins.splice(0)) this.join(tab, since)
  }

  private onEvent(type: string, message: MessageEvent<string>) {
    let data: unknown
    try {
      data = JSON.parse(message.data)
    } catch {
      return console.warn(`A live ${type} event was not JSON`)
    }
    const event = parseLiveEvent(Number(message.lastEventId), type, data)
    if (!event) return console.warn(`A live ${type} event did not match its schema`)
    this.buffer.push(event)
    if (this.buffer.length > RELAY_BUFFER_SIZE) this.coveredFrom = this.buffer.shift()?.id ?? this.coveredFrom
    this.hooks.onEvent(event)
  }

  private setStatus(status: Exclude<LiveStatus, 'off'>) {
    clearTimeout(this.downTimer)
    if (status === 'connecting') this.downTimer = setTimeout(() => this.setStatus('down'), DOWN_AFTER_MS)
    if (status === this.status && status !== 'live') return
    this.status = status
    this.hooks.onStatus(status, this.hello)
  }
}
