// What 1,000 idle live-event connections (GET /api/events) cost a production server in memory.
// Usage: npm run bench -- live-memory [--connections 1000 --port 3196]
// Starts scripts/serve.ts on a temp database with the inspector on, reads the server's own
// process.memoryUsage() after a forced GC, before and after opening the streams, then stops it
// with SIGTERM while the streams are still open (they must not hold the shutdown up).
import { mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { startBenchServer } from './production-server.ts'
import { markdownTable, reportSection } from './report.ts'

const { values } = parseArgs({ args: process.argv.slice(2), options: { connections: { type: 'string', default: '1000' }, port: { type: 'string', default: '3196' } }, allowPositionals: true })
const CONNECTIONS = Number(values.connections)
const PORT = Number(values.port)
const INSPECTOR_PORT = PORT + 1000
const folder = mkdtempSync(join(tmpdir(), 'cartwheel-live-memory-'))

const server = startBenchServer({
  port: PORT,
  databasePath: join(folder, 'shop.db'),
  env: { SEED_PRODUCTS: '20', EVENT_STREAMS_PER_ADDRESS: String(CONNECTIONS + 10) },
  nodeOptions: [`--inspect=127.0.0.1:${INSPECTOR_PORT}`],
})
let output = ''
server.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
server.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)))

async function waitFor(pattern: RegExp, patienceMs = 60_000) {
  const deadline = Date.now() + patienceMs
  while (!pattern.test(output)) {
    if (Date.now() > deadline || server.exitCode !== null) throw new Error(`The server did not print ${pattern}:\n${output}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Evaluates an expression in the server process through the inspector protocol. */
async function inspector() {
  const [target] = (await (await fetch(`http://127.0.0.1:${INSPECTOR_PORT}/json/list`)).json()) as Array<{ webSocketDebuggerUrl: string }>
  const socket = new WebSocket(target?.webSocketDebuggerUrl ?? '')
  await new Promise((resolve, reject) => {
    socket.onopen = resolve
    socket.onerror = reject
  })
  let next = 0
  const pending = new Map<number, (result: unknown) => void>()
  socket.onmessage = (message) => {
    const reply = JSON.parse(String(message.data)) as { id?: number; result?: unknown }
    if (reply.id !== undefined) pending.get(reply.id)?.(reply.result)
  }
  const call = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve) => {
      next += 1
      pending.set(next, resolve)
      socket.send(JSON.stringify({ id: next, method, params }))
    })
  return {
    async memory() {
      await call('HeapProfiler.collectGarbage')
      const reply = (await call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true })) as { result: { value: string } }
      return JSON.parse(reply.result.value) as NodeJS.MemoryUsage
    },
    close: () => socket.close(),
  }
}

/** Opens one event stream and resolves once its hello has arrived. */
function openStream(agent: http.Agent) {
  return new Promise<http.ClientRequest>((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port: PORT, path: '/api/events', agent, headers: { accept: 'text/event-stream' } }, (response) => {
      if (response.statusCode !== 200) return reject(new Error(`GET /api/events answered ${response.statusCode}`))
      response.once('data', () => resolve(request))
    })
    request.on('error', reject)
  })
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

try {
  await waitFor(/Cartwheel is serving/)
  const probe = await inspector()
  // Warm up: the first request loads the app's modules and opens the database.
  await fetch(`http://127.0.0.1:${PORT}/api/health`)
  const warm = await openStream(new http.Agent())
  warm.destroy()
  const before = await probe.memory()

  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity })
  const streams: http.ClientRequest[] = []
  for (let batch = 0; batch < CONNECTIONS; batch += 100) {
    streams.push(...(await Promise.all(Array.from({ length: Math.min(100, CONNECTIONS - batch) }, () => openStream(agent)))))
  }
  const after = await probe.memory()
  probe.close()

  const rows = [
    ['rss', before.rss, after.rss],
    ['heapUsed', before.heapUsed, after.heapUsed],
    ['external + arrayBuffers', before.external + before.arrayBuffers, after.external + after.arrayBuffers],
  ] as const
  console.log(`${CONNECTIONS} idle event streams on a production server (after a forced GC):`)
  for (const [name, was, is] of rows) console.log(`  ${name.padEnd(24)} ${mb(was).padStart(9)} → ${mb(is).padStart(9)}   ${kb((is - was) / CONNECTIONS)} per connection`)

  // A stream its client closes is the normal end of an event stream: nothing to log.
  for (const stream of streams.splice(0, 100)) stream.destroy()
  await new Promise((resolve) => setTimeout(resolve, 500))
  console.log(`100 streams closed by their clients: ${output.match(/closed before the answer was sent/g)?.length ?? 0} abort lines logged`)

  const stopping = Date.now()
  server.kill('SIGTERM')
  const code = await exited
  const shutdown = `SIGTERM with ${streams.length} streams open: exited ${code} after ${Date.now() - stopping} ms.`
  console.log(shutdown)
  reportSection(
    `Live updates: ${CONNECTIONS.toLocaleString('en-US')} idle event streams`,
    `The production server's memory, after a forced GC:\n\n${markdownTable(
      ['', 'before', 'after', 'per connection'],
      rows.map(([name, was, is]) => [name, mb(was), mb(is), kb((is - was) / CONNECTIONS)]),
    )}\n\n${shutdown}`,
  )
  for (const stream of streams) stream.destroy()
} finally {
  if (server.exitCode === null) server.kill('SIGKILL')
  rmSync(folder, { recursive: true, force: true })
}
