import { sql } from 'drizzle-orm'
import { bigint, check, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { MAX_LINE_QUANTITY, MAX_PRICE_CENTS, MAX_STOCK } from '../limits.ts'

/**
 * The PostgreSQL twin of db/schema.ts: the same tables, columns, keys, constraints and indexes,
 * under the same names, kept by hand (docs/decisions/0009). db/schema-twins.test.ts compares the
 * two and fails on any difference it is not told about. What differs by design:
 *   - ids are identity columns (SQLite's INTEGER PRIMARY KEY AUTOINCREMENT);
 *   - timestamps are bigint milliseconds (SQLite's integers are 64-bit already);
 *   - an order's address is jsonb (SQLite keeps the JSON as text);
 *   - search is an expression index over to_tsvector (SQLite has its FTS5 table, migration 0001);
 *   - rate_limit_events has no twin: SQLite's one process counts its rate limits in memory.
 *   - live_events has no twin: SQLite's one process keeps its live-event log in memory.
 */

// Timestamps are integer milliseconds since the epoch, read back as numbers, as on SQLite.
const millis = (name: string) => bigint(name, { mode: 'number' })
const createdAt = () => millis('created_at').notNull()
const updatedAt = () => millis('updated_at').notNull()
const id = () => integer('id').primaryKey().generatedByDefaultAsIdentity()

export const categories = pgTable('categories', {
  slug: text('slug').primaryKey(),
  name: text('name').notNull(),
  position: integer('position').notNull(),
  version: integer('version').notNull().default(1),
})

const onSale = sql`archived_at IS NULL`

export const products = pgTable(
  'products',
  {
    id: id(),
    slug: text('slug').notNull(),
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull(),
    category: text('category')
      .notNull()
      .references(() => categories.slug),
    priceCents: integer('price_cents').notNull(),
    stock: integer('stock').notNull(),
    version: integer('version').notNull().default(1),
    archivedAt: millis('archived_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex('products_slug_unique').on(table.slug),
    uniqueIndex('products_sku_unique').on(table.sku),
    check('products_stock_not_negative', sql`${table.stock} >= 0`),
    check('products_price_not_negative', sql`${table.priceCents} >= 0`),
    check('products_stock_capped', sql`${table.stock} <= ${sql.raw(String(MAX_STOCK))}`),
    check('products_price_capped', sql`${table.priceCents} <= ${sql.raw(String(MAX_PRICE_CENTS))}`),
    index('products_name_idx').on(table.name, table.id),
    index('products_price_idx').on(table.priceCents, table.id).where(onSale),
    index('products_created_idx').on(table.createdAt, table.id).where(onSale),
    index('products_stock_idx').on(table.stock),
    index('products_category_name_idx').on(table.category, table.name, table.id).where(onSale),
    index('products_category_price_idx').on(table.category, table.priceCents, table.id, table.stock).where(onSale),
    index('products_category_created_idx').on(table.category, table.createdAt, table.id).where(onSale),
    index('products_updated_idx').on(table.updatedAt, table.id),
    index('products_category_updated_idx').on(table.category, table.updatedAt).where(onSale),
    // Search over the products on sale, as SQLite's FTS5 table holds them (its triggers skip
    // archived rows; here the index's condition does). A query matches with the same expression.
    // `cartwheel_search` stems English words as SQLite's porter tokenizer does and, like it, keeps
    // every word: PostgreSQL's own `english` drops "the", "with"… (migration 0003).
    index('products_search_idx').using('gin', sql`to_tsvector('cartwheel_search', ${table.name} || ' ' || ${table.description})`).where(onSale),
  ],
)

export const carts = pgTable('carts', {
  id: id(),
  token: text('token').notNull().unique(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
})

export const cartLines = pgTable(
  'cart_lines',
  {
    cartId: integer('cart_id')
      .notNull()
      .references(() => carts.id, { onDelete: 'cascade' }),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    quantity: integer('quantity').notNull(),
    addedAt: millis('added_at').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.cartId, table.productId] }),
    check('cart_lines_quantity_positive', sql`${table.quantity} > 0`),
    check('cart_lines_quantity_capped', sql`${table.quantity} <= ${sql.raw(String(MAX_LINE_QUANTITY))}`),
    index('cart_lines_product_idx').on(table.productId),
  ],
)

export const cartRequests = pgTable(
  'cart_requests',
  {
    cartId: integer('cart_id')
      .notNull()
      .references(() => carts.id, { onDelete: 'cascade' }),
    idempotencyKey: text('idempotency_key').notNull(),
    requestHash: text('request_hash').notNull(),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.cartId, table.idempotencyKey] }), index('cart_requests_created_idx').on(table.createdAt)],
)

export const orders = pgTable(
  'orders',
  {
    id: id(),
    number: text('number').notNull().unique(),
    ownerToken: text('owner_token').notNull(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    address: jsonb('address').notNull(),
    status: text('status', { enum: ['placed', 'shipped', 'cancelled'] }).notNull(),
    subtotalCents: integer('subtotal_cents').notNull(),
    totalCents: integer('total_cents').notNull(),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    requestHash: text('request_hash').notNull(),
    createdAt: createdAt(),
  },
  (table) => [index('orders_owner_idx').on(table.ownerToken, table.createdAt)],
)

export const orderLines = pgTable(
  'order_lines',
  {
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    position: integer('position').notNull().default(0),
    name: text('name').notNull(),
    unitPriceCents: integer('unit_price_cents').notNull(),
    quantity: integer('quantity').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.orderId, table.productId] }),
    check('order_lines_quantity_positive', sql`${table.quantity} > 0`),
  ],
)

export const stockMovements = pgTable(
  'stock_movements',
  {
    id: id(),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    delta: integer('delta').notNull(),
    reason: text('reason', { enum: ['sale', 'restock', 'adjustment', 'cancellation'] }).notNull(),
    actor: text('actor').notNull(),
    note: text('note'),
    at: millis('at').notNull(),
  },
  (table) => [index('stock_movements_product_idx').on(table.productId, table.at)],
)

export const adminUsers = pgTable('admin_users', {
  id: id(),
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  createdAt: createdAt(),
})

export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    adminUserId: integer('admin_user_id')
      .notNull()
      .references(() => adminUsers.id, { onDelete: 'cascade' }),
    expiresAt: millis('expires_at').notNull(),
    createdAt: createdAt(),
  },
  (table) => [index('sessions_expires_idx').on(table.expiresAt)],
)

export const productSlugRedirects = pgTable('product_slug_redirects', {
  slug: text('slug').primaryKey(),
  productId: integer('product_id')
    .notNull()
    .references(() => products.id),
  createdAt: createdAt(),
})

export const catalogChanges = pgTable(
  'catalog_changes',
  {
    id: id(),
    productId: integer('product_id').references(() => products.id),
    categorySlug: text('category_slug').references(() => categories.slug),
    action: text('action', { enum: ['create', 'edit', 'move', 'archive', 'restore', 'rename'] }).notNull(),
    actor: text('actor').notNull(),
    note: text('note').notNull(),
    at: millis('at').notNull(),
  },
  (table) => [index('catalog_changes_product_idx').on(table.productId, table.at), index('catalog_changes_category_idx').on(table.categorySlug, table.at)],
)

/**
 * PostgreSQL only, no SQLite twin: the events counted by the sliding-window rate limits (sign-in
 * failures, cart and checkout writes), shared by every server process on this database
 * (app/http/rate-limit-store.postgres.ts). SQLite serves one process, which counts in memory.
 * A row says when it stops counting (`expires_at`, its `at` plus its limiter's window), so the
 * sweep needs no list of limiters; the table is UNLOGGED (migration 0001): the counts are worth
 * less than a WAL flush per request, and a crash forgets them for one window, as a restart of a
 * single process does.
 */
export const rateLimitEvents = pgTable(
  'rate_limit_events',
  {
    // Orders events within one millisecond, so `forgiveOne` takes back the latest one.
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    limiter: text('limiter').notNull(),
    key: text('key').notNull(),
    at: millis('at').notNull(),
    expiresAt: millis('expires_at').notNull(),
  },
  (table) => [index('rate_limit_events_key_idx').on(table.limiter, table.key, table.at), index('rate_limit_events_expires_idx').on(table.expiresAt)],
)

/**
 * PostgreSQL only, no SQLite twin: the live events every server process reads
 * (app/live/postgres-event-bus.ts). The table is the log a process resumes browsers from, and
 * catches up from after a lost connection. SQLite serves one process, whose log stays in memory.
 */
export const liveEvents = pgTable('live_events', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  // A LiveEventInput (app/live/live-events.ts): its type, data and audience.
  event: jsonb('event').notNull(),
  createdAt: createdAt(),
})
