// Serves the production build: hashed assets from dist/client, everything else through Start's
// handler. `npm start` builds first; the database is migrated (and seeded when empty) here.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { serve } from 'srvx'
import { staticMiddleware } from 'srvx/static'
import { settingsOrExit } from '../db/cli/settings.ts'
import { databaseName, prepareDatabase } from '../db/prepare.ts'
import { logClientAbortsInOneLine } from './serve/client-aborts.ts'
import { compressResponses } from './serve/compression.ts'
import { answerUncaughtError } from './serve/fallback-errors.ts'
import { stopGracefullyOnSignals } from './serve/graceful-shutdown.ts'

const settings = settingsOrExit()
const root = fileURLToPath(new URL('..', import.meta.url))
// A bench serves a second build of its own from another folder (`vite build --outDir`).
const dist = process.env.BUILD_DIR ?? `${root}dist`
const serverEntry = `${dist}/server/server.js`
if (!existsSync(serverEntry)) {
  console.error('No production build found: run `npm run build` first (or `npm start`, which builds).')
  process.exit(1)
}

// A server never runs against an old schema or an empty catalog.
console.log(await prepareDatabase(settings))

type ServerEntry = {
  default: { fetch: (request: Request) => Response | Promise<Response> }
  databaseReady: () => Promise<unknown>
  closeDatabase: () => Promise<void>
  closeEventStreams: () => void
}
const { default: app, databaseReady, closeDatabase, closeEventStreams } = (await import(serverEntry)) as ServerEntry
// Opened before the port: a database that cannot be reached stops the start, not the first request.
await databaseReady()

const assets = staticMiddleware({ dir: `${dist}/client`, maxAge: 31_536_000, immutable: true })
const publicFiles = staticMiddleware({ dir: `${dist}/client`, maxAge: 3_600 })

const server = serve({
  port: settings.PORT,
  hostname: settings.HOST,
  silent: true,
  // Shutdown is ours (see stopGracefullyOnSignals): srvx's own knows nothing of the database, and
  // switches itself off wherever CI or TEST is set.
  gracefulShutdown: false,
  node: {
    requestTimeout: settings.REQUEST_TIMEOUT_MS,
    headersTimeout: settings.REQUEST_TIMEOUT_MS,
    // Node checks both timeouts on this beat (30 s by default), which would stretch a short one.
    connectionsCheckingInterval: Math.min(1_000, settings.REQUEST_TIMEOUT_MS / 2),
  },
  // srvx runs this for anything thrown by the middleware below or the app's entry (silent hides its own log).
  error: answerUncaughtError,
  middleware: [
    logClientAbortsInOneLine,
    (request, next) => {
      const { pathname } = new URL(request.url)
      if (pathname.startsWith('/assets/')) return assets(request, next)
      if (pathname === '/favicon.svg') return publicFiles(request, next)
      return next()
    },
    compressResponses,
  ],
  fetch: (request) => app.fetch(request),
})

await server.ready()
stopGracefullyOnSignals(server, { graceMs: settings.SHUTDOWN_GRACE_MS, closeEventStreams, closeDatabase })
console.log(`Cartwheel is serving the ${databaseName(settings)} on http://localhost:${settings.PORT}`)
