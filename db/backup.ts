import { existsSync, mkdirSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'

/** A backup that could not be taken, for a reason the person running it can fix. */
export class BackupError extends Error {
  override name = 'BackupError'
}

export type BackupReport = { bytes: number; products: number; orders: number }

// Pages per step after the first: all of them, see below.
const THE_REST = 0x7fffffff

/**
 * Copies a database, live or not, to a new file with SQLite's online backup API. In WAL mode the
 * copy reads while the shop keeps writing. The copy is taken in one step (after the first,
 * which only starts it), inside one read transaction: a snapshot of one moment, however busy the
 * shop. Had a write landed between steps, SQLite would have restarted the copy. The copy is
 * then turned into a single file (no write-ahead log beside it) and checked before it is reported.
 */
export async function backupDatabase(sourcePath: string, targetPath: string): Promise<BackupReport> {
  if (!existsSync(sourcePath)) throw new BackupError(`There is no database at ${sourcePath}`)
  // An old backup is never overwritten by a mistyped name.
  if (existsSync(targetPath)) throw new BackupError(`${targetPath} already exists: name a new file`)

  // The folder is made when missing (`backups/` on a fresh clone).
  mkdirSync(dirname(targetPath), { recursive: true })

  const source = new Database(sourcePath, { fileMustExist: true })
  try {
    source.pragma('busy_timeout = 5000')
    await source.backup(targetPath, { progress: () => THE_REST })
  } finally {
    source.close()
  }

  const copy = new Database(targetPath)
  try {
    copy.pragma('journal_mode = DELETE')
    const integrity = copy.pragma('integrity_check', { simple: true })
    if (integrity !== 'ok') throw new BackupError(`The copy at ${targetPath} failed its integrity check: ${String(integrity)}`)
    const count = (table: 'products' | 'orders') => (copy.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
    return { bytes: statSync(targetPath).size, products: count('products'), orders: count('orders') }
  } finally {
    copy.close()
  }
}
