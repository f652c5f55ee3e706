import { sql } from 'drizzle-orm'
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { MAX_LINE_QUANTITY, MAX_PRICE_CENTS, MAX_STOCK } from './limits.ts'

// Timestamps are integer milliseconds since the epoch; the API maps them to ISO strings.
const createdAt = () => integer('created_at').notNull()
const updatedAt = () => integer('updated_at').notNull()

export const categories = sqliteTable('categories', {
  slug: text('slug').primaryKey(),
  name: text('name').notNull(),
  position: integer('position').notNull(),
  // Bumped by every rename: an admin's edit applies only to the version the admin saw.
  version: integer('version').notNull().default(1),
})

/** The condition of every storefront read, and of the partial indexes that serve them. */
const onSale = sql`archived_at IS NULL`

export const products = sqliteTable(
  'products',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
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
    // Taken off sale (ms since the epoch), or null while on sale. An archived product stays in the
    // orders and carts that hold it, and leaves listings, search and the sitemap.
    archivedAt: integer('archived_at'),
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
    // One index per sort, alone and within a category, so every filtered, sorted page is a range scan.
    // The storefront's indexes hold only products on sale (partial indexes): a listing's WHERE
    // says `archived_at IS NULL`, and archived rows cost it nothing. The name index stays whole:
    // the admin's grid sorts every product by name.
    index('products_name_idx').on(table.name, table.id),
    index('products_price_idx').on(table.priceCents, table.id).where(onSale),
    index('products_created_idx').on(table.createdAt, table.id).where(onSale),
    index('products_stock_idx').on(table.stock),
    index('products_category_name_idx').on(table.category, table.name, table.id).where(onSale),
    // Stock last: a category's in-stock count within a price range is read from the index alone
    // instead of looking up every row in the range (see docs/performance.md).
    index('products_category_price_idx').on(table.category, table.priceCents, table.id, table.stock).where(onSale),
    index('products_category_created_idx').on(table.category, table.createdAt, table.id).where(onSale),
    index('products_updated_idx').on(table.updatedAt, table.id),
    // The sitemap's categories: each one's product count and newest change on sale, read from the
    // index alone (without it, every product row is read: 0.3 s on 100,000 products).
    index('products_category_updated_idx').on(table.category, table.updatedAt).where(onSale),
  ],
)

export const carts = sqliteTable('carts', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  token: text('token').notNull().unique(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
})

export const cartLines = sqliteTable(
  'cart_lines',
  {
    cartId: integer('cart_id')
      .notNull()
      .references(() => carts.id, { onDelete: 'cascade' }),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    quantity: integer('quantity').notNull(),
    addedAt: integer('added_at').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.cartId, table.productId] }),
    check('cart_lines_quantity_positive', sql`${table.quantity} > 0`),
    check('cart_lines_quantity_capped', sql`${table.quantity} <= ${sql.raw(String(MAX_LINE_QUANTITY))}`),
    index('cart_lines_product_idx').on(table.productId),
  ],
)

/**
 * Idempotency-Keys of cart additions already applied, so a retried POST adds once. A key belongs
 * to its cart: only a request carrying that cart's cookie can replay it, so a key never hands a
 * cart to a client that lacks its cookie. The request hash tells a replay from another request
 * reusing the key.
 */
export const cartRequests = sqliteTable(
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

export const orders = sqliteTable(
  'orders',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    number: text('number').notNull().unique(),
    // The browser that placed the order (its cart cookie token): orders are visible to it only.
    ownerToken: text('owner_token').notNull(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    address: text('address', { mode: 'json' }).notNull(),
    status: text('status', { enum: ['placed', 'shipped', 'cancelled'] }).notNull(),
    subtotalCents: integer('subtotal_cents').notNull(),
    totalCents: integer('total_cents').notNull(),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    requestHash: text('request_hash').notNull(),
    createdAt: createdAt(),
  },
  (table) => [index('orders_owner_idx').on(table.ownerToken, table.createdAt)],
)

export const orderLines = sqliteTable(
  'order_lines',
  {
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    // The line's place in the cart it came from, so an order lists its lines as the cart did.
    position: integer('position').notNull().default(0),
    // Snapshots: the order keeps what was bought at what price, whatever the product becomes.
    name: text('name').notNull(),
    unitPriceCents: integer('unit_price_cents').notNull(),
    quantity: integer('quantity').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.orderId, table.productId] }),
    check('order_lines_quantity_positive', sql`${table.quantity} > 0`),
  ],
)

export const stockMovements = sqliteTable(
  'stock_movements',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    delta: integer('delta').notNull(),
    reason: text('reason', { enum: ['sale', 'restock', 'adjustment', 'cancellation'] }).notNull(),
    actor: text('actor').notNull(),
    note: text('note'),
    at: integer('at').notNull(),
  },
  (table) => [index('stock_movements_product_idx').on(table.productId, table.at)],
)

export const adminUsers = sqliteTable('admin_users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  createdAt: createdAt(),
})

export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    adminUserId: integer('admin_user_id')
      .notNull()
      .references(() => adminUsers.id, { onDelete: 'cascade' }),
    expiresAt: integer('expires_at').notNull(),
    createdAt: createdAt(),
  },
  (table) => [index('sessions_expires_idx').on(table.expiresAt)],
)

/**
 * Slugs a product was known by before it was renamed: a link to one answers with a permanent
 * redirect to the product's slug now. A slug belongs to one product at a time.
 */
export const productSlugRedirects = sqliteTable('product_slug_redirects', {
  slug: text('slug').primaryKey(),
  productId: integer('product_id')
    .notNull()
    .references(() => products.id),
  createdAt: createdAt(),
})

/**
 * The catalog's audit trail: every create, edit, move, archive and restore of a product, and every
 * category created or renamed, with who did it and what changed (stock keeps its own trail in
 * stock_movements).
 */
export const catalogChanges = sqliteTable(
  'catalog_changes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    productId: integer('product_id').references(() => products.id),
    categorySlug: text('category_slug').references(() => categories.slug),
    action: text('action', { enum: ['create', 'edit', 'move', 'archive', 'restore', 'rename'] }).notNull(),
    actor: text('actor').notNull(),
    note: text('note').notNull(),
    at: integer('at').notNull(),
  },
  (table) => [index('catalog_changes_product_idx').on(table.productId, table.at), index('catalog_changes_category_idx').on(table.categorySlug, table.at)],
)
