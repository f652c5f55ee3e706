import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type AppDatabase } from './connection'
import { CHECKPOINT_THRESHOLD_FRAMES, startWalCheckpointer, type WalCheckpointer } from './wal-checkpointer'

type LogSize = { busy: number; log: number; checkpointed: number }

/** The log's frame counts, as any connection sees them, without checkpointing anything. */
const logSize = (db: AppDatabase) => db.$client.prepare('PRAGMA wal_checkpoint(NOOP)').get() as LogSize

/** One transaction that writes more than `frames` pages (a 4 KB blob fills a page of its own). */
function writePages(db: AppDatabase, frames: number) {
  db.$client.exec('CREATE TABLE IF NOT EXISTS filler (bytes BLOB)')
  db.$client
    .prepare('WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) INSERT INTO filler (bytes) SELECT randomblob(4000) FROM n')
    .run(frames)
}

/** Resolves with the first checkpoint of `mode` the worker reports. */
function nextCheckpoint(mode: 'PASSIVE' | 'TRUNCATE') {
  let heard: (checkpoint: { log: number; checkpointed: number; busy: boolean }) => void = () => {}
  const checkpoint = new Promise<{ log: number; checkpointed: number; busy: boolean }>((resolve) => (heard = resolve))
  return { checkpoint, onCheckpoint: (message: { mode: string; log: number; checkpointed: number; busy: boolean }) => message.mode === mode && heard(message) }
}

describe('the WAL checkpointer', () => {
  let directory: string
  let path: string
  let db: AppDatabase
  let checkpointer: WalCheckpointer | undefined
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'cartwheel-checkpointer-'))
    path = join(directory, 'shop.db')
    db = openDatabase(path)
  })
  afterEach(async () => {
    await checkpointer?.stop()
    checkpointer = undefined
    if (db.$client.open) db.$client.close()
    rmSync(directory, { recursive: true, force: true })
  })

  it('turns off the serving connection\'s own checkpoint: a commit past 1,000 frames leaves them in the log', () => {
    // A worker that never looks, so that only the writer could have checkpointed.
    checkpointer = startWalCheckpointer(db, path, { pollMs: 3_600_000 })
    expect(db.$client.pragma('wal_autocheckpoint', { simple: true })).toBe(0)

    writePages(db, CHECKPOINT_THRESHOLD_FRAMES + 200)

    const { log, checkpointed } = logSize(db)
    expect(log).toBeGreaterThan(CHECKPOINT_THRESHOLD_FRAMES)
    expect(checkpointed).toBe(0)
  })

  it('checkpoints from the worker once 1,000 frames are waiting', async () => {
    const passive = nextCheckpoint('PASSIVE')
    checkpointer = startWalCheckpointer(db, path, { idleMs: 3_600_000, onCheckpoint: passive.onCheckpoint })

    writePages(db, CHECKPOINT_THRESHOLD_FRAMES + 200)

    const { log, checkpointed, busy } = await passive.checkpoint
    expect(busy).toBe(false)
    expect(log).toBeGreaterThan(CHECKPOINT_THRESHOLD_FRAMES)
    expect(checkpointed).toBe(log)
    expect(logSize(db).checkpointed).toBe(logSize(db).log)
  })

  it('checkpoints a paused log in full and truncates it to zero bytes', async () => {
    const truncate = nextCheckpoint('TRUNCATE')
    checkpointer = startWalCheckpointer(db, path, { idleMs: 100, onCheckpoint: truncate.onCheckpoint })

    writePages(db, 50)
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(0)

    expect(await truncate.checkpoint).toMatchObject({ log: 0, checkpointed: 0, busy: false })
    expect(statSync(`${path}-wal`).size).toBe(0)
  })

  it('closes its connection when stopped, so the server\'s last checkpoint and close leave no log behind', async () => {
    const truncate = nextCheckpoint('TRUNCATE')
    checkpointer = startWalCheckpointer(db, path, { idleMs: 100, onCheckpoint: truncate.onCheckpoint })
    writePages(db, 50)
    await truncate.checkpoint
    writePages(db, 50)

    await checkpointer.stop()
    expect(db.$client.pragma('wal_checkpoint(TRUNCATE)')).toEqual([{ busy: 0, log: 0, checkpointed: 0 }])
    db.$client.close()

    expect(existsSync(`${path}-wal`)).toBe(false)
  })
})
