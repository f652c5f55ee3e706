import { createHash, randomInt } from 'node:crypto'
import { and, asc, eq, gte, sql } from 'drizzle-orm'
import { MAX_CART_LINES, MAX_CART_UNITS } from '#db/limits'
import type { orders } from '#db/schema'
import { all, allForUpdate, get, getForUpdate, prepare, run, serialize, transact, type Database, type Work } from '#db/work'
import { ApiError } from '~/lib/api-error'
import { emptiedCartEvent, inventoryColumns, stockChangeEvents, type InventoryColumns } from '~/live/change-events'
import { eventBusFor } from '~/live/event-bus'
import { ORDER_NUMBER_ALPHABET, type CheckoutInput, type Order, type ShortLine } from './orders.schemas'
import { loadOrder, toOrder, toOrderLine, type OrderRow } from './orders.server'

/**
 * Checkout on the server: the cart becomes an order in one immediate transaction (stock taken by
 * a conditional decrement, the cart emptied), once per Idempotency-Key.
 */

const ORDER_NUMBER_LENGTH = 8

/** "CW-7K3M-9Q2D": short enough to read out on the phone, random so it says nothing about sales. */
function newOrderNumber() {
  const symbols = Array.from({ length: ORDER_NUMBER_LENGTH }, () => ORDER_NUMBER_ALPHABET[randomInt(ORDER_NUMBER_ALPHABET.length)])
  return `CW-${symbols.slice(0, 4).join('')}-${symbols.slice(4).join('')}`
}

/** The request a key stands for: the body as the schema parsed it (trimmed, unknown fields dropped). */
const hashCheckout = (input: CheckoutInput) =>
  createHash('sha256')
    .update(JSON.stringify([input.email, input.name, input.address.line1, input.address.city, input.address.postalCode, input.address.country]))
    .digest('hex')

// A checkout runs a dozen statements: each is prepared once per database instead of on every
// call (see db/work.ts), and runs inside placeOrder's transaction.
const orderByKey = prepare((db, t) =>
  db
    .select()
    .from(t.orders)
    .where(eq(t.orders.idempotencyKey, sql.placeholder('idempotencyKey'))),
)
const cartIdByToken = prepare((db, t) =>
  db
    .select({ id: t.carts.id })
    .from(t.carts)
    .where(eq(t.carts.token, sql.placeholder('token'))),
)
const cartLinesWithStock = prepare((db, t) =>
  db
    .select({
      productId: t.products.id,
      name: t.products.name,
      unitPriceCents: t.products.priceCents,
      stock: t.products.stock,
      archivedAt: t.products.archivedAt,
      quantity: t.cartLines.quantity,
    })
    .from(t.cartLines)
    .innerJoin(t.products, eq(t.products.id, t.cartLines.productId))
    .where(eq(t.cartLines.cartId, sql.placeholder('cartId')))
    .orderBy(asc(t.cartLines.addedAt), asc(t.products.id)),
)
const orderNumberTaken = prepare((db, t) =>
  db
    .select({ id: t.orders.id })
    .from(t.orders)
    .where(eq(t.orders.number, sql.placeholder('number'))),
)
const insertOrder = prepare((db, t) =>
  db
    .insert(t.orders)
    .values({
      number: sql.placeholder('number'),
      ownerToken: sql.placeholder('ownerToken'),
      email: sql.placeholder('email'),
      name: sql.placeholder('name'),
      address: sql.placeholder('address'),
      status: sql.placeholder('status'),
      subtotalCents: sql.placeholder('subtotalCents'),
      totalCents: sql.placeholder('totalCents'),
      idempotencyKey: sql.placeholder('idempotencyKey'),
      requestHash: sql.placeholder('requestHash'),
      createdAt: sql.placeholder('createdAt'),
    })
    .returning(),
)
// The conditional decrement: no row comes back unless the stock covers the quantity.
const takeStock = prepare((db, t) =>
  db
    .update(t.products)
    .set({ stock: sql`${t.products.stock} - ${sql.placeholder('quantity')}`, version: sql`${t.products.version} + 1`, updatedAt: sql`${sql.placeholder('now')}` })
    .where(and(eq(t.products.id, sql.placeholder('productId')), gte(t.products.stock, sql.placeholder('quantity'))))
    .returning(inventoryColumns(t)),
)
const insertOrderLine = prepare((db, t) =>
  db.insert(t.orderLines).values({
    orderId: sql.placeholder('orderId'),
    productId: sql.placeholder('productId'),
    position: sql.placeholder('position'),
    name: sql.placeholder('name'),
    unitPriceCents: sql.placeholder('unitPriceCents'),
    quantity: sql.placeholder('quantity'),
  }),
)
const insertSaleMovement = prepare((db, t) =>
  db.insert(t.stockMovements).values({ productId: sql.placeholder('productId'), delta: sql.placeholder('delta'), reason: 'sale', actor: sql.placeholder('actor'), at: sql.placeholder('at') }),
)
const orderLinesOf = prepare((db, t) =>
  db
    .select()
    .from(t.orderLines)
    .where(eq(t.orderLines.orderId, sql.placeholder('orderId')))
    .orderBy(asc(t.orderLines.position)),
)
const emptyCart = prepare((db, t) => db.delete(t.cartLines).where(eq(t.cartLines.cartId, sql.placeholder('cartId'))))
const touchCart = prepare((db, t) =>
  db
    .update(t.carts)
    .set({ updatedAt: sql`${sql.placeholder('now')}` })
    .where(eq(t.carts.id, sql.placeholder('cartId'))),
)

/**
 * An order already placed under this key. The same browser sending the same body gets that order
 * back (a retry whose first answer was lost); anything else reusing the key is refused, and learns
 * nothing about the order.
 */
function* findReplayedOrder(idempotencyKey: string, requestHash: string, token: string): Work<OrderRow | undefined> {
  const row = yield* get(orderByKey, { idempotencyKey })
  if (!row) return undefined
  if (row.requestHash !== requestHash || row.ownerToken !== token) {
    throw new ApiError(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for another request')
  }
  return row
}

function* insertOrderRow(values: Omit<typeof orders.$inferInsert, 'number'>): Work<OrderRow> {
  // 32^8 numbers: a clash is a once-in-a-billion event, and it only costs another draw.
  for (;;) {
    const number = newOrderNumber()
    const taken = yield* get(orderNumberTaken, { number })
    if (!taken) return (yield* get(insertOrder, { ...values, number })) as OrderRow
  }
}

/** Cart writes keep carts within these limits; a cart filled before they existed is refused here. */
function refuseOversizedOrder(lines: Array<{ quantity: number }>) {
  const units = lines.reduce((sum, line) => sum + line.quantity, 0)
  if (lines.length <= MAX_CART_LINES && units <= MAX_CART_UNITS) return
  throw new ApiError(409, 'CART_FULL', `One order can take at most ${MAX_CART_LINES} products and ${MAX_CART_UNITS} items; remove some and try again`, {
    maxLines: MAX_CART_LINES,
    maxUnits: MAX_CART_UNITS,
  })
}

/**
 * A product taken off sale since it went into the cart is not sold: the whole order is refused,
 * naming every such line, before stock is looked at (no quantity would make those lines right).
 */
function refuseArchivedLines(lines: Array<{ productId: number; name: string; archivedAt: number | null }>) {
  const archived = lines.filter((line) => line.archivedAt !== null)
  if (archived.length === 0) return
  const names = archived.map((line) => line.name).join(', ')
  throw new ApiError(409, 'PRODUCT_ARCHIVED', `No longer sold: ${names}. Remove ${archived.length === 1 ? 'it' : 'them'} from your cart to place your order`, {
    lines: archived.map((line) => ({ productId: line.productId, name: line.name })),
  })
}

/** The order, whether this request only replayed it, and the browser token it belongs to. */
export type PlacedOrder = { order: Order; replayed: boolean; token: string }

const cartEmpty = () => new ApiError(400, 'CART_EMPTY', 'Your cart is empty; add something before checking out')

/**
 * Places an order from the browser's cart, all or nothing, in one transaction (db/work.ts): the
 * browser's cart row is locked first (on PostgreSQL a second checkout of the same cart waits, then
 * finds it empty or its key replayed; on SQLite the immediate transaction already excludes every
 * other writer). A replayed key answers its order; the cart is read and priced from the database,
 * its products' rows locked; every line is checked, and any short line refuses the whole order
 * with all of them listed; then stock is taken with a conditional UPDATE (the CHECK constraint is
 * the last guard), versions bumped, the order and its lines written with name and price
 * snapshots, one sale movement per line, and the cart emptied.
 */
export async function placeOrder(db: Database, token: string | undefined, input: CheckoutInput, idempotencyKey: string): Promise<PlacedOrder> {
  // No cookie, no cart: nothing to order, and no order this browser could be replaying.
  if (!token) throw cartEmpty()
  const requestHash = hashCheckout(input)
  const { placed, changed, at } = await transact(db, function* () {
    // One attempt per key at a time, whichever cart sends it: on PostgreSQL two carts sharing a key
    // hold no lock in common, and the second would reach the key's UNIQUE constraint (a 500)
    // instead of finding the first's order (a 422).
    yield* serialize(`checkout:${idempotencyKey}`)
    const cart = yield* getForUpdate(cartIdByToken, { token })
    const replayed = yield* findReplayedOrder(idempotencyKey, requestHash, token)
    if (replayed) return { placed: { order: yield* loadOrder(replayed), replayed: true, token }, changed: [], at: 0 }

    const lines = cart ? yield* allForUpdate(cartLinesWithStock, { cartId: cart.id }) : []
    if (!cart || lines.length === 0) throw cartEmpty()
    refuseOversizedOrder(lines)
    refuseArchivedLines(lines)

    const short: ShortLine[] = lines
      .filter((line) => line.quantity > line.stock)
      .map((line) => ({ productId: line.productId, requested: line.quantity, available: line.stock }))
    if (short.length > 0) {
      const names = lines.filter((line) => line.quantity > line.stock).map((line) => line.name)
      throw new ApiError(409, 'INSUFFICIENT_STOCK', `Not enough stock for ${names.join(', ')}`, { lines: short })
    }

    const now = Date.now()
    const subtotalCents = lines.reduce((sum, line) => sum + line.unitPriceCents * line.quantity, 0)
    const row = yield* insertOrderRow({
      ownerToken: token,
      email: input.email,
      name: input.name,
      address: input.address,
      status: 'placed',
      subtotalCents,
      // Shipping is free and prices include tax: the total is the subtotal.
      totalCents: subtotalCents,
      idempotencyKey,
      requestHash,
      createdAt: now,
    })
    const changed: InventoryColumns[] = []
    for (const [position, line] of lines.entries()) {
      const taken = yield* all(takeStock, { productId: line.productId, quantity: line.quantity, now })
      // Unreachable while the rows read above stay locked; if it ever is, nothing is kept.
      if (taken.length !== 1) throw new Error(`Stock for product ${line.productId} changed inside the checkout transaction`)
      changed.push(...taken)
      yield* run(insertOrderLine, { orderId: row.id, productId: line.productId, position, name: line.name, unitPriceCents: line.unitPriceCents, quantity: line.quantity })
      yield* run(insertSaleMovement, { productId: line.productId, delta: -line.quantity, actor: `order:${row.number}`, at: now })
    }
    yield* run(emptyCart, { cartId: cart.id })
    yield* run(touchCart, { cartId: cart.id, now })
    const ordered = (yield* all(orderLinesOf, { orderId: row.id })).map(toOrderLine)
    return { placed: { order: toOrder(row, ordered), replayed: false, token }, changed, at: now }
  })
  // Committed: every open shop hears the new stock, admins the rows, the buyer's other tabs the empty cart.
  if (!placed.replayed) eventBusFor(db).publish(...changed.flatMap(stockChangeEvents), emptiedCartEvent(token, at))
  return placed
}
