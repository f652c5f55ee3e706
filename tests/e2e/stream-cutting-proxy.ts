import net from 'node:net'
import { freePort } from './production-server'

/**
 * A TCP proxy in front of the shop that can cut the event streams passing through it, as a network
 * blip would: the browser sees its connection drop and reconnects by itself. Pages opened at `url`
 * reach the shop at `target` through it.
 */
export async function streamCuttingProxy(target: URL) {
  const port = await freePort()
  const connections = new Set<{ client: net.Socket; upstream: net.Socket; streaming: boolean }>()
  // As sent on the wire: the browser adds Last-Event-ID below what a page's request reports.
  const streamsOpened: Array<{ lastEventId: string | null }> = []
  const proxy = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname)
    const connection = { client, upstream, streaming: false }
    connections.add(connection)
    client.on('data', (chunk: Buffer) => {
      // A kept-alive connection carries one request after another: it streams from a GET /api/events on.
      const line = chunk.toString('latin1', 0, 24)
      if (!/^[A-Z]+ \//.test(line)) return
      connection.streaming = /^GET \/api\/events[? ]/.test(line)
      if (connection.streaming) streamsOpened.push({ lastEventId: /^last-event-id: *(.*)$/im.exec(chunk.toString('latin1'))?.[1]?.trim() ?? null })
    })
    client.pipe(upstream)
    upstream.pipe(client)
    const end = () => {
      connections.delete(connection)
      client.destroy()
      upstream.destroy()
    }
    for (const socket of [client, upstream]) socket.on('close', end).on('error', end)
  })
  await new Promise<void>((resolve) => proxy.listen(port, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${port}`,
    /** Each event stream opened through the proxy, in order, with the resume point its request carried. */
    streamsOpened,
    /** Cuts every event stream open now; returns how many there were. */
    cutStreams() {
      const streams = [...connections].filter((connection) => connection.streaming)
      for (const { client } of streams) client.resetAndDestroy()
      return streams.length
    },
    close: () => {
      for (const { client } of connections) client.destroy()
      return new Promise<void>((resolve) => proxy.close(() => resolve()))
    },
  }
}
