import type { Server } from 'srvx'

type Options = {
  /** How long requests in flight may take to finish before their connections are closed. */
  graceMs: number
  /** Ends the open event streams: they never end by themselves, so the server's close would wait out the grace. */
  closeEventStreams: () => void
  /** Stops the checkpointer, checkpoints and closes the database; runs once no request is left. */
  closeDatabase: () => Promise<void>
}

/**
 * On SIGTERM (a process manager, `docker stop`) or SIGINT (Ctrl+C): stop listening, so new
 * connections are refused at once; end the event streams (browsers reconnect to the next server);
 * let the requests in flight finish, for `graceMs` at most, then
 * close the connections left; close the database and exit 0. A second signal skips the wait.
 */
export function stopGracefullyOnSignals(server: Server, { graceMs, closeEventStreams, closeDatabase }: Options) {
  let stopping = false

  const closeAllConnections = () => {
    const node = server.node?.server
    if (node && 'closeAllConnections' in node) node.closeAllConnections()
  }

  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return closeAllConnections()
    stopping = true
    const closed = server.close()
    // After close(): a stream asked for between the two would otherwise stay open.
    closeEventStreams()
    console.log(`${signal}: refusing new connections, finishing requests in flight (up to ${graceMs} ms)`)
    const grace = setTimeout(() => {
      console.warn(`Requests still in flight after ${graceMs} ms: closing their connections`)
      closeAllConnections()
    }, graceMs)
    let exitCode = 0
    await closed.catch((error: unknown) => {
      console.error('Closing the HTTP server failed', error)
      exitCode = 1
    })
    clearTimeout(grace)
    await closeDatabase()
    console.log('Stopped: the database is checkpointed and closed')
    process.exit(exitCode)
  }

  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}
