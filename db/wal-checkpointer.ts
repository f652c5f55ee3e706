import { once } from 'node:events'
import { Worker } from 'node:worker_threads'
import type { AppDatabase } from './connection.ts'
import type { CheckpointerMessage, CheckpointerSettings } from './wal-checkpoint-worker.ts'

/** SQLite's own automatic checkpoint runs at 1,000 frames; this one keeps the same trigger. */
export const CHECKPOINT_THRESHOLD_FRAMES = 1_000

export type WalCheckpointer = {
  /** Stops the worker once its checkpoint in progress, if any, is done, and closes its connection. */
  stop: () => Promise<void>
}

type Options = Partial<Omit<CheckpointerSettings, 'path'>> & {
  /** Hears each checkpoint the worker ran. */
  onCheckpoint?: (checkpoint: Extract<CheckpointerMessage, { kind: 'checkpointed' }>) => void
}

/**
 * Takes the write-ahead log's checkpoints off `db`'s connection: its automatic checkpoint is turned
 * off, and a worker thread with a connection of its own checkpoints instead, on the same trigger
 * (1,000 frames not yet in the database file), and in full, truncating the log, once writes pause.
 * Left to SQLite, the checkpoint runs inside the COMMIT of whichever write crosses 1,000 frames,
 * and that request waits for the copy and two fsyncs (docs/decisions/0007-wal-checkpoints-in-a-worker.md).
 *
 * Should the worker fail to start or stop by itself, `db` checkpoints automatically again, so the
 * log never grows without end.
 */
export function startWalCheckpointer(db: AppDatabase, path: string, { thresholdFrames = CHECKPOINT_THRESHOLD_FRAMES, pollMs = 20, idleMs = 1_000, onCheckpoint }: Options = {}): WalCheckpointer {
  const settings: CheckpointerSettings = { path, thresholdFrames, pollMs, idleMs }
  // Resolved through package.json "imports", so the bundled server finds the source file too.
  const worker = new Worker(new URL(import.meta.resolve('#db/wal-checkpoint-worker')), { workerData: settings })
  db.$client.pragma('wal_autocheckpoint = 0')
  let stopping = false
  const exited = once(worker, 'exit')

  worker.on('message', (message: CheckpointerMessage) => {
    if (message.kind === 'checkpointed') onCheckpoint?.(message)
    else console.error(`WAL checkpoint failed (tried again on the next tick): ${message.message}`)
  })
  worker.on('error', (error) => console.error('The WAL checkpointer stopped', error))
  worker.on('exit', () => {
    if (!stopping && db.$client.open) db.$client.pragma(`wal_autocheckpoint = ${CHECKPOINT_THRESHOLD_FRAMES}`)
  })
  // A server stops by closing its database (which stops this); the worker alone keeps no process alive.
  worker.unref()

  return {
    stop: async () => {
      stopping = true
      // Held by the worker until it has exited: with the server closed, nothing else may keep the process alive.
      worker.ref()
      worker.postMessage('stop')
      await exited
    },
  }
}
