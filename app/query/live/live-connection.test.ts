import type { QueryClient } from '@tanstack/react-query'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { stockQueries } from '~/features/catalog/stock.queries'
import { liveStatus } from '~/lib/live-status'
import { liveQueries } from '~/live/live.queries'
import { cascadeEntries } from '~/query/cascade-log'
import { createQueryClient } from '~/query/query-client'
import { installWebLocks } from '../../../tests/support/web-locks'
import { DOWN_AFTER_MS, startLiveEvents } from './live-connection'

/** An EventSource the test drives: it opens, sends events and fails when told to. */
class FakeEventSource extends EventTarget {
  static readonly CONNECTING = 0
  static readonly OPEN = 1
  static readonly CLOSED = 2
  static opened: FakeEventSource[] = []
  readyState = FakeEventSource.CONNECTING

  constructor(readonly url: string) {
    super()
    FakeEventSource.opened.push(this)
  }

  close() {
    this.readyState = FakeEventSource.CLOSED
  }

  /** The server's first frame: no id, where it resumed. */
  hello(lastEventId: number, resumed = true) {
    this.readyState = FakeEventSource.OPEN
    this.dispatchEvent(new MessageEvent('hello', { data: JSON.stringify({ lastEventId, resumed, cart: true, admin: false }) }))
  }

  send(id: number, type: string, data: unknown) {
    this.dispatchEvent(new MessageEvent(type, { data: JSON.stringify(data), lastEventId: String(id) }))
  }

  /** The server refused or dropped the stream; EventSource gave up (CLOSED) or retries (CONNECTING). */
  fail(readyState: number) {
    this.readyState = readyState
    this.dispatchEvent(new Event('error'))
  }
}

const open = () => {
  const source = FakeEventSource.opened.filter((candidate) => candidate.readyState !== FakeEventSource.CLOSED)
  expect(source).toHaveLength(1)
  return source[0] as FakeEventSource
}

const stockOf = (client: QueryClient, productId: number) => client.getQueryData(stockQueries.detail(productId).queryKey)?.stock

/** The one open connection, once the lock queue has picked its tab. */
const connection = () => vi.waitFor(open)

let uninstallLocks: () => void
const leaving: Array<() => void> = []

/** A tab of one browser: its own QueryClient, rendered by the server at `cursor`. */
function openTab(cursor = 10) {
  const client = createQueryClient()
  client.setQueryData(liveQueries.cursor().queryKey, { lastEventId: cursor })
  const leave = startLiveEvents(client)
  leaving.push(leave)
  return { client, leave }
}

beforeEach(() => {
  FakeEventSource.opened = []
  vi.stubGlobal('EventSource', FakeEventSource)
  uninstallLocks = installWebLocks()
})

afterEach(() => {
  for (const leave of leaving.splice(0)) leave()
  uninstallLocks()
  vi.unstubAllGlobals()
  vi.useRealTimers()
  liveStatus.set('off')
})

describe('one connection per browser', () => {
  it('is opened by one tab, from the point the page was rendered at, and its events reach every tab', async () => {
    const first = openTab(10)
    const second = openTab(10)
    const source = await connection()
    expect(source.url).toBe('/api/events?since=10')

    source.hello(10)
    source.send(11, 'stock', { productId: 5, stock: 3, version: 7 })
    expect(stockOf(first.client, 5)).toBe(3)
    await vi.waitFor(() => expect(stockOf(second.client, 5)).toBe(3))
  })

  it('applies each event once in each tab, however often it arrives', async () => {
    const { client } = openTab()
    const source = await connection()
    source.hello(10)
    source.send(11, 'stock', { productId: 5, stock: 3, version: 7 })
    source.send(11, 'stock', { productId: 5, stock: 3, version: 7 })
    expect(cascadeEntries(client).get().filter((entry) => entry.source === 'event')).toHaveLength(1)
  })

  it('passes to the next tab when the leader leaves, resuming from the last event that tab applied', async () => {
    const leader = openTab(10)
    const follower = openTab(10)
    const first = await connection()
    first.hello(10)
    first.send(14, 'stock', { productId: 5, stock: 3, version: 7 })
    await vi.waitFor(() => expect(stockOf(follower.client, 5)).toBe(3))

    leader.leave()
    first.close()
    const second = await connection()
    expect(second.url).toBe('/api/events?since=14')
    second.hello(14)
    second.send(15, 'stock', { productId: 5, stock: 1, version: 8 })
    expect(stockOf(follower.client, 5)).toBe(1)
  })

  it('gives a tab that opens later the events it missed since its page was rendered', async () => {
    openTab(10)
    const source = await connection()
    source.hello(10)
    source.send(12, 'stock', { productId: 5, stock: 3, version: 7 })

    const late = openTab(11)
    await vi.waitFor(() => expect(stockOf(late.client, 5)).toBe(3))
  })

  it('tells a tab rendered before what the leader still holds to refetch what is volatile', async () => {
    openTab(10)
    const source = await connection()
    source.hello(20, false)
    const early = openTab(5)
    await vi.waitFor(() => expect(cascadeEntries(early.client).get().map((entry) => entry.label)).toEqual([expect.stringMatching(/^reset/)]))
  })
})

describe('the stream’s state', () => {
  it('is live once the server says hello', async () => {
    openTab()
    expect(liveStatus.get()).toBe('connecting')
    const source = await connection()
    source.hello(10)
    expect(liveStatus.get()).toBe('live')
  })

  it('hands over to polling when the stream stays away, and refreshes once when it is back', async () => {
    const { client } = openTab()
    const source = await connection()
    source.hello(10)
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })

    source.fail(FakeEventSource.CONNECTING)
    expect(liveStatus.get()).toBe('connecting')
    vi.advanceTimersByTime(DOWN_AFTER_MS - 1)
    expect(liveStatus.get()).toBe('connecting')
    vi.advanceTimersByTime(1)
    expect(liveStatus.get()).toBe('down')

    open().hello(10)
    expect(liveStatus.get()).toBe('live')
    expect(cascadeEntries(client).get().map((entry) => entry.label)).toEqual([expect.stringMatching(/^stream back/), expect.stringMatching(/^stream down/)])
  })

  it('refreshes once when the stream comes back unable to resume, not again for its reset', async () => {
    const { client } = openTab()
    const source = await connection()
    source.hello(10)
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    source.fail(FakeEventSource.CONNECTING)
    vi.advanceTimersByTime(DOWN_AFTER_MS)
    // A restarted server cannot resume from an id of the last one: hello, then a reset.
    source.hello(50, false)
    source.send(50, 'reset', {})
    source.send(51, 'reset', {})
    const labels = cascadeEntries(client).get().map((entry) => entry.label)
    expect(labels).toEqual([expect.stringMatching(/^reset/), expect.stringMatching(/^stream back/), expect.stringMatching(/^stream down/)])
  })

  it('reconnects by itself after the server refused the stream', async () => {
    openTab()
    const refused = await connection()
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    refused.fail(FakeEventSource.CLOSED)
    expect(FakeEventSource.opened).toHaveLength(1)
    vi.advanceTimersByTime(1_000)
    expect(FakeEventSource.opened).toHaveLength(2)
    expect(open()).not.toBe(refused)
  })
})
