import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { backupDatabase } from './backup'
import { openDatabase } from './connection'
import { applyMigrations } from './migrate'
import { seedDatabase } from './seed'

function seededDatabase({ products, path }: { products: number; path: string }) {
  const db = openDatabase(path)
  applyMigrations(db)
  seedDatabase(db, { products, adminEmail: 'admin@cartwheel.test', adminPassword: 'cartwheel-admin' })
  return db
}

describe('backupDatabase', () => {
  let directory: string
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'cartwheel-backup-'))
  })
  afterEach(() => rmSync(directory, { recursive: true, force: true }))

  it('copies an open database, writes not yet checkpointed included, into one self-contained file', async () => {
    const source = join(directory, 'shop.db')
    const db = seededDatabase({ products: 30, path: source })
    db.$client.prepare('UPDATE products SET stock = 7 WHERE id = 1').run()
    expect(existsSync(`${source}-wal`)).toBe(true)

    const report = await backupDatabase(source, join(directory, 'copy.db'))
    db.$client.close()

    expect(report).toMatchObject({ products: 30, orders: 0 })
    expect(report.bytes).toBeGreaterThan(0)
    expect(existsSync(join(directory, 'copy.db-wal'))).toBe(false)
    const copy = new Database(join(directory, 'copy.db'), { readonly: true })
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete')
    expect(copy.prepare('SELECT stock FROM products WHERE id = 1').get()).toEqual({ stock: 7 })
    copy.close()
  })

  it('makes the folder the backup goes into', async () => {
    seededDatabase({ products: 1, path: join(directory, 'shop.db') }).$client.close()
    const report = await backupDatabase(join(directory, 'shop.db'), join(directory, 'backups', 'nightly', 'shop.db'))
    expect(report).toMatchObject({ products: 1 })
    expect(existsSync(join(directory, 'backups', 'nightly', 'shop.db'))).toBe(true)
  })

  it('never overwrites an existing file, and never creates a database where there was none', async () => {
    const existing = join(directory, 'old-backup.db')
    writeFileSync(existing, 'yesterday')
    seededDatabase({ products: 1, path: join(directory, 'shop.db') }).$client.close()

    await expect(backupDatabase(join(directory, 'shop.db'), existing)).rejects.toThrow('old-backup.db already exists: name a new file')
    await expect(backupDatabase(join(directory, 'missing.db'), join(directory, 'copy.db'))).rejects.toThrow('There is no database at')
    expect(existsSync(join(directory, 'missing.db'))).toBe(false)
  })
})
