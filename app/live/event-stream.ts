import type { Database } from '#db/work'
import { ADMIN_COOKIE, findAdmin } from '~/features/admin/admin-auth.server'
import { hasCart } from '~/features/cart/cart.server'
import type { ApiContext } from '~/http/api-router'
import { readCookie } from '~/http/cookies'
import { respond } from '~/http/http'
import { readCartToken } from '~/http/shopper-cookie'
import { ApiError } from '~/lib/api-error'
import { serverSettings } from '../../app.config'
import { eventBusFor, type LoggedEvent } from './event-bus'
import { readResumePoint } from './resume-point'
import { eventCursorSchema, type Audience, type StreamHello } from './live-events'

/** How many streams may be open, how often a quiet one pings, and how far a slow reader may fall behind. */
export type EventStreamLimits = { perAddress: number; max: number; heartbeatMs: number; maxQueuedBytes: number }

/** A reader this far behind is dropped: it reconnects and resumes from the last event it read. */
export const MAX_QUEUED_BYTES = 256 * 1024

export function settingsStreamLimits(): EventStreamLimits {
  const settings = serverSettings()
  return {
    perAddress: settings.EVENT_STREAMS_PER_ADDRESS,
    max: settings.EVENT_STREAMS_MAX,
    heartbeatMs: settings.EVENT_HEARTBEAT_MS,
    maxQueuedBytes: MAX_QUEUED_BYTES,
  }
}

type OpenStreams = { count: number; byAddress: Map<string, number> }

// Counted per database, like the bus: the server has one; each test database counts its own.
const openStreams = new WeakMap<Database, OpenStreams>()
// Every stream of the process, for shutdown: an open stream never ends by itself.
const closers = new Set<() => void>()
let shuttingDown = false

function openStreamsFor(db: Database) {
  let found = openStreams.get(db)
  if (!found) {
    found = { count: 0, byAddress: new Map() }
    openStreams.set(db, found)
  }
  return found
}

/** Ends every open event stream, and refuses new ones: the server's `close()` waits for open requests. */
export function closeEventStreams() {
  shuttingDown = true
  for (const close of [...closers]) close()
}

const tooMany = (message: string) => new ApiError(429, 'RATE_LIMITED', message, undefined, { retryAfterMs: 10_000 })

function takeStreamSlot(db: Database, address: string, limits: EventStreamLimits) {
  const streams = openStreamsFor(db)
  if (streams.count >= limits.max) throw tooMany('The shop has as many live connections open as it can hold; try again soon')
  const fromAddress = streams.byAddress.get(address) ?? 0
  if (fromAddress >= limits.perAddress) throw tooMany('Too many live connections from this address; close some tabs and try again')
  streams.count += 1
  streams.byAddress.set(address, fromAddress + 1)
  return () => {
    streams.count -= 1
    const left = (streams.byAddress.get(address) ?? 1) - 1
    if (left === 0) streams.byAddress.delete(address)
    else streams.byAddress.set(address, left)
  }
}

const frame = (event: { id: number; type: string; data: unknown }) => `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`

const STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-store',
  // nginx and its kind would otherwise hold events back to fill a buffer.
  'x-accel-buffering': 'no',
}

/**
 * GET /api/events: Server-Sent Events. A hello first (no id, so it never moves the browser's
 * resume point), then the events after the resume point or a reset, then live events, each only to
 * the connections its audience names. A comment line every heartbeat keeps proxies from closing a
 * quiet stream, and re-checks an admin's session.
 */
export async function openEventStream({ request, url, db, clientIp }: ApiContext, limits: EventStreamLimits = settingsStreamLimits()): Promise<Response> {
  const since = readResumePoint(request, url)
  // A stopping server ends the stream at once: the browser reconnects in a second, to the next server.
  if (shuttingDown) return new Response('retry: 1000\n\n', { headers: STREAM_HEADERS })
  if (request.method === 'HEAD' || request.signal.aborted) return new Response(null, { headers: STREAM_HEADERS })
  const releaseSlot = takeStreamSlot(db, clientIp ?? 'in-process', limits)

  const cartToken = readCartToken(request)
  const adminToken = readCookie(request, ADMIN_COOKIE)
  let admin: boolean
  let cartExists: boolean
  try {
    ;[admin, cartExists] = [(await findAdmin(db, adminToken)) !== undefined, await hasCart(db, cartToken)]
  } catch (error) {
    releaseSlot()
    throw error
  }
  // A resume point from another process this one has not heard yet is read first, not taken for
  // a gap: the browser heard it there a moment ago.
  if (since !== undefined) await eventBusFor(db).catchUpTo?.(since)
  // The browser went away while its session and cart were read: nothing to open.
  if (request.signal.aborted || shuttingDown) {
    releaseSlot()
    return new Response(null, { headers: STREAM_HEADERS })
  }
  const hears = (audience: Audience) =>
    audience.to === 'everyone' || (audience.to === 'admins' && admin) || (audience.to === 'cart' && cartToken !== undefined && audience.token === cartToken)

  const encoder = new TextEncoder()
  let controller!: ReadableStreamDefaultController<Uint8Array>
  let closed = false
  let heartbeat: ReturnType<typeof setInterval> | undefined
  let unsubscribe = () => {}

  /** Ends the stream: gracefully, or (`reason` given) by failing it, so the connection is destroyed with what it queued. */
  function close(reason?: Error) {
    if (closed) return
    closed = true
    unsubscribe()
    clearInterval(heartbeat)
    request.signal.removeEventListener('abort', onAbort)
    closers.delete(onShutdown)
    releaseSlot()
    try {
      if (reason) controller.error(reason)
      else controller.close()
    } catch {
      // Already cancelled by the client: nothing left to end.
    }
  }
  const onAbort = () => close()
  const onShutdown = () => close()

  /** Queues text; false once the reader has fallen too far behind, and the stream is dropped. */
  function send(text: string) {
    if (closed) return false
    controller.enqueue(encoder.encode(text))
    // Buffering without bound for a reader that does not read would let one tab hold the server's
    // memory. It is dropped: the stream fails, so the server destroys the connection and with it
    // what was queued (a graceful end would wait, with its slot already free, for a reader that
    // may never read). The browser reconnects and resumes from the last event it received.
    if ((controller.desiredSize ?? 0) < 0) close(new Error('The reader fell too far behind; it resumes from its last event'))
    return !closed
  }

  const stream = new ReadableStream<Uint8Array>(
    {
      start: (streamController) => void (controller = streamController),
      cancel: () => close(),
    },
    new ByteLengthQueuingStrategy({ highWaterMark: limits.maxQueuedBytes }),
  )

  const listen = (event: LoggedEvent) => void (hears(event.audience) && send(frame(event)))
  const subscription = eventBusFor(db).subscribe(since, listen)
  unsubscribe = subscription.unsubscribe
  closers.add(onShutdown)
  request.signal.addEventListener('abort', onAbort, { once: true })

  // `cart` says whether this connection hears a cart that exists: when it does not, the browser
  // reopens the stream once its first write has created one (under a new token).
  const hello: StreamHello = { lastEventId: subscription.newestId, resumed: subscription.kind === 'resumed', cart: cartExists, admin }
  send(`retry: 1000\nevent: hello\ndata: ${JSON.stringify(hello)}\n\n`)
  if (subscription.kind === 'gap') send(frame({ id: subscription.newestId, type: 'reset', data: {} }))
  if (subscription.kind === 'resumed') {
    for (const event of subscription.replay) if (hears(event.audience) && !send(frame(event))) break
  }

  if (!closed)
    heartbeat = setInterval(() => void beat(), limits.heartbeatMs)

  async function beat() {
    try {
      // A signed-out (or expired) admin stops hearing admin events from the next beat on.
      if (admin) admin = (await findAdmin(db, adminToken)) !== undefined
      // The browser treats its cart as current while this stream carries it (cache-tiers.ts): once
      // the cart is purged, a write makes a new one under a new token that this stream would not
      // hear. Ended, the stream is reopened by the browser at once, and its hello says `cart: false`.
      if (hello.cart && !(await hasCart(db, cartToken))) return close()
      send(': ping\n\n')
    } catch (error) {
      // The database is gone (the server is stopping): the browser reconnects and resumes.
      close(error instanceof Error ? error : new Error(String(error)))
    }
  }

  return new Response(stream, { headers: STREAM_HEADERS })
}

/** GET /api/events/cursor: the newest event id, for a server-rendered page's first connection to resume from. */
export const readEventCursor = ({ db }: ApiContext) => respond(eventCursorSchema, { lastEventId: eventBusFor(db).newestId() })
