import { hashPassword } from './password.ts'
import type { AppDatabase } from './connection.ts'
import { createRandom, type Random } from './prng.ts'
import { adjectives, categorySeeds, details, qualities, styles, type CategorySeed } from './seed-catalog.ts'

export type SeedOptions = {
  products: number
  adminEmail: string
  adminPassword: string
  seed?: number
}

// A fixed "now" keeps timestamps, and so the "newest" sort, identical on every run.
const SEED_EPOCH = Date.UTC(2026, 9, 1)
const TWO_YEARS_MS = 2 * 365 * 24 * 60 * 60 * 1000

function slugify(text: string) {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
}

/** Most products are well stocked; some are low and some sold out, so every stock state shows. */
function pickStock(random: Random) {
  const roll = random.next()
  if (roll < 0.08) return 0
  if (roll < 0.2) return random.int(1, 5)
  return random.int(6, 240)
}

/** Prices end in 00 or 99 cents, like a real shop's. */
function pickPrice(random: Random, [min, max]: CategorySeed['priceRange']) {
  const dollars = Math.floor(random.int(min, max) / 100)
  return dollars * 100 + (random.next() < 0.7 ? 99 : 0)
}

function describe(random: Random, name: string, category: CategorySeed) {
  const quality = random.pick(qualities)
  const detail = random.pick(details)
  const extra = random.pick(details.filter((line) => line !== detail))
  return `The ${name} is ${quality}, from our ${category.name.toLowerCase()} range. ${detail} ${extra}`
}

/** One product row as the seed writes it, with every column the tables share on both engines. */
export type SeedProduct = {
  id: number
  slug: string
  sku: string
  name: string
  description: string
  category: string
  priceCents: number
  stock: number
  createdAt: number
}

/** The tables the seed empties, children before parents. */
export const SEEDED_TABLES = ['sessions', 'admin_users', 'catalog_changes', 'product_slug_redirects', 'stock_movements', 'order_lines', 'orders', 'cart_requests', 'cart_lines', 'carts', 'products', 'categories'] as const

/**
 * The seed's catalog, the same on every run and on every engine: categories in order, then
 * `products` products drawn from one seeded random sequence, yielded one at a time so a million
 * never sit in memory together.
 */
export function* seedProducts(count: number, seed = 20_261_121): Generator<SeedProduct> {
  const random = createRandom(seed)
  for (let id = 1; id <= count; id++) {
    const category = random.pick(categorySeeds)
    const name = `${random.pick(adjectives)} ${random.pick(styles)} ${random.pick(category.nouns)}`
    const createdAt = SEED_EPOCH - Math.floor(random.next() * TWO_YEARS_MS)
    yield {
      id,
      slug: `${slugify(name)}-${id}`,
      sku: `CW-${category.code}-${String(id).padStart(6, '0')}`,
      name,
      description: describe(random, name, category),
      category: category.slug,
      priceCents: pickPrice(random, category.priceRange),
      stock: pickStock(random),
      createdAt,
    }
  }
}

/** The seeded admin: the address in lower case, the password as an scrypt hash. */
export const seedAdmin = (options: SeedOptions) => ({ email: options.adminEmail.toLowerCase(), passwordHash: hashPassword(options.adminPassword), createdAt: SEED_EPOCH })

/** Replaces the whole database content with a deterministic catalog of `products` items. */
export function seedDatabase(db: AppDatabase, options: SeedOptions) {
  const sqlite = db.$client
  const insertCategory = sqlite.prepare('INSERT INTO categories (slug, name, position) VALUES (?, ?, ?)')
  const insertProduct = sqlite.prepare(
    `INSERT INTO products (id, slug, sku, name, description, category, price_cents, stock, version, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
  )
  const insertAdmin = sqlite.prepare('INSERT INTO admin_users (email, password_hash, created_at) VALUES (?, ?, ?)')
  const admin = seedAdmin(options)

  sqlite.transaction(() => {
    for (const table of SEEDED_TABLES) sqlite.prepare(`DELETE FROM ${table}`).run()
    categorySeeds.forEach((category, position) => insertCategory.run(category.slug, category.name, position))
    for (const product of seedProducts(options.products, options.seed)) {
      const { id, slug, sku, name, description, category, priceCents, stock, createdAt } = product
      insertProduct.run(id, slug, sku, name, description, category, priceCents, stock, createdAt, createdAt)
    }
    insertAdmin.run(admin.email, admin.passwordHash, admin.createdAt)
  })()
  // Fresh statistics let the planner pick the index that serves each filter and sort.
  sqlite.exec('ANALYZE')
}
