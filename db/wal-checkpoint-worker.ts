// Runs in a worker thread (see wal-checkpointer.ts): checkpoints the write-ahead log from a
// connection of its own, so no request waits for a checkpoint's copy and fsyncs. Self-contained
// (node built-ins and better-sqlite3 only): Node runs this file as it is, outside the app's bundle.
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'

export type CheckpointerSettings = {
  path: string
  /** Checkpoint once this many frames of the log are not yet in the database file (SQLite's own automatic checkpoint uses 1,000). */
  thresholdFrames: number
  /** How often the log's size is read. */
  pollMs: number
  /** After this long without a new frame, the log is checkpointed in full and truncated to zero bytes. */
  idleMs: number
}

export type CheckpointerMessage = { kind: 'checkpointed'; mode: 'PASSIVE' | 'TRUNCATE'; log: number; checkpointed: number; busy: boolean } | { kind: 'failed'; message: string }

type CheckpointResult = { busy: number; log: number; checkpointed: number }

const { path, thresholdFrames, pollMs, idleMs } = workerData as CheckpointerSettings
const port = parentPort
if (!port) throw new Error('wal-checkpoint-worker.ts runs as a worker thread')

const db = new Database(path, { fileMustExist: true })
// Preparing reads the schema, which may wait for a recovery the server's connection runs on open.
db.pragma('busy_timeout = 5000')
// The checkpoint's own syncs follow this connection's setting: the same as the server's, so the
// log is synced when it was before, at each checkpoint.
db.pragma('synchronous = NORMAL')
const measure = db.prepare('PRAGMA wal_checkpoint(NOOP)')
const checkpoint = { PASSIVE: db.prepare('PRAGMA wal_checkpoint(PASSIVE)'), TRUNCATE: db.prepare('PRAGMA wal_checkpoint(TRUNCATE)') }
// Then never wait: a busy handler would let a checkpoint that holds the writer lock (TRUNCATE)
// keep it while it waits for readers, and the server's writes would queue behind it. Without one,
// a checkpoint that cannot finish does what it can and is tried again on a later tick.
db.pragma('busy_timeout = 0')

let lastLog = 0
let lastChange = Date.now()

function run(mode: 'PASSIVE' | 'TRUNCATE') {
  const result = checkpoint[mode].get() as CheckpointResult
  port?.postMessage({ kind: 'checkpointed', mode, log: result.log, checkpointed: result.checkpointed, busy: result.busy === 1 } satisfies CheckpointerMessage)
}

function tick() {
  try {
    // NOOP reads the log's frame counts from the shared WAL index: no lock, no I/O.
    const { log, checkpointed } = measure.get() as CheckpointResult
    const now = Date.now()
    if (log !== lastLog) {
      lastLog = log
      lastChange = now
    }
    if (log - checkpointed >= thresholdFrames) run('PASSIVE')
    else if (log > 0 && now - lastChange >= idleMs) {
      run('TRUNCATE')
      lastChange = now
    }
  } catch (error) {
    port?.postMessage({ kind: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies CheckpointerMessage)
  }
}

const timer = setInterval(tick, pollMs)
port.on('message', (message: unknown) => {
  if (message !== 'stop') return
  clearInterval(timer)
  db.close()
  port.close()
})
