import { describe, expect, it } from 'vitest'
import { openDatabase } from './connection'
import { applyMigrations } from './migrate'
import { verifyPassword } from './password'
import { seedDatabase } from './seed'

function seeded(products: number) {
  const db = openDatabase(':memory:')
  applyMigrations(db)
  seedDatabase(db, { products, adminEmail: 'Admin@Cartwheel.test', adminPassword: 'cartwheel-admin' })
  return db
}

describe('seedDatabase', () => {
  it('produces the same catalog on every run', () => {
    const rows = (db: ReturnType<typeof seeded>) => db.$client.prepare('SELECT * FROM products ORDER BY id').all()
    expect(rows(seeded(300))).toEqual(rows(seeded(300)))
  })

  it('seeds 12 categories and a spread of stock: sold out, low and plenty', () => {
    const db = seeded(2_000)
    const stats = db.$client
      .prepare(
        `SELECT count(DISTINCT category) AS categories, sum(stock = 0) AS soldOut,
                sum(stock BETWEEN 1 AND 5) AS low, sum(stock > 5) AS plenty, count(DISTINCT slug) AS slugs
         FROM products`,
      )
      .get() as Record<string, number>
    expect(stats.categories).toBe(12)
    expect(stats.slugs).toBe(2_000)
    expect(stats.soldOut).toBeGreaterThan(50)
    expect(stats.low).toBeGreaterThan(100)
    expect(stats.plenty).toBeGreaterThan(1_000)
  })

  it('stores the admin password as an scrypt hash, never as text', async () => {
    const db = seeded(1)
    const admin = db.$client.prepare('SELECT email, password_hash AS hash FROM admin_users').get() as { email: string; hash: string }
    expect(admin.email).toBe('admin@cartwheel.test')
    expect(admin.hash).not.toContain('cartwheel-admin')
    expect(await verifyPassword('cartwheel-admin', admin.hash)).toBe(true)
    expect(await verifyPassword('wrong-password', admin.hash)).toBe(false)
  })

  it('refuses a negative stock or price (CHECK constraints)', () => {
    const db = seeded(1)
    expect(() => db.$client.prepare('UPDATE products SET stock = -1 WHERE id = 1').run()).toThrow(/CHECK constraint failed/)
    expect(() => db.$client.prepare('UPDATE products SET price_cents = -1 WHERE id = 1').run()).toThrow(/CHECK constraint failed/)
  })
})
