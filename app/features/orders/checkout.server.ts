import { createHash, randomInt } from 'node:crypto'
import { and, asc, eq, gte, sql } from 'drizzle-orm'
import type { AppDatabase } from '#db/connection'
import { preparedPerDatabase } from '#db/prepared-statements'
import { MAX_CART_LINES, MAX_CART_UNITS } from '#db/limits'
import { cartLines, carts, orderLines, orders, products, stockMovements } from '#db/schema'
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
// call. They run inside placeOrder's immediate transaction (see db/prepared-statements.ts).
const statements = preparedPerDatabase((db) => ({
  orderByKey: db
    .select()
    .from(orders)
    .where(eq(orders.idempotencyKey, sql.placeholder('idempotencyKey')))
    .prepare(),
  cartIdByToken: db
    .select({ id: carts.id })
    .from(carts)
    .where(eq(carts.token, sql.placeholder('token')))
    .prepare(),
  cartLines: db
    .select({
      productId: products.id,
      name: products.name,
      unitPriceCents: products.priceCents,
      stock: products.stock,
      archivedAt: products.archivedAt,
      quantity: cartLines.quantity,
    })
    .from(cartLines)
    .innerJoin(products, eq(products.id, cartLines.productId))
    .where(eq(cartLines.cartId, sql.placeholder('cartId')))
    .orderBy(asc(cartLines.addedAt), asc(products.id))
    .prepare(),
  orderNumberTaken: db
    .select({ id: orders.id })
    .from(orders)
    .where(eq(orders.number, sql.placeholder('number')))
    .prepare(),
  insertOrder: db
    .insert(orders)
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
    .returning()
    .prepare(),
  // The conditional decrement: no row comes back unless the stock covers the quantity.
  takeStock: db
    .update(products)
    .set({ stock: sql`${products.stock} - ${sql.placeholder('quantity')}`, version: sql`${products.version} + 1`, updatedAt: sql`${sql.placeholder('now')}` })
    .where(and(eq(products.id, sql.placeholder('productId')), gte(products.stock, sql.placeholder('quantity'))))
    .returning(inventoryColumns)
    .prepare(),
  insertOrderLine: db
    .insert(orderLines)
    .values({
      orderId: sql.placeholder('orderId'),
      productId: sql.placeholder('productId'),
      position: sql.placeholder('position'),
      name: sql.placeholder('name'),
      unitPriceCents: sql.placeholder('unitPriceCents'),
      quantity: sql.placeholder('quantity'),
    })
    .prepare(),
  insertSaleMovement: db
    .insert(stockMovements)
    .values({ productId: sql.placeholder('productId'), delta: sql.placeholder('delta'), reason: 'sale', actor: sql.placeholder('actor'), at: sql.placeholder('at') })
    .prepare(),
  orderLines: db
    .select()
    .from(orderLines)
    .where(eq(orderLines.orderId, sql.placeholder('orderId')))
    .orderBy(asc(orderLines.position))
    .prepare(),
  emptyCart: db
    .delete(cartLines)
    .where(eq(cartLines.cartId, sql.placeholder('cartId')))
    .prepare(),
  touchCart: db
    .update(carts)
    .set({ updatedAt: sql`${sql.placeholder('now')}` })
    .where(eq(carts.id, sql.placeholder('cartId')))
    .prepare(),
}))

type CheckoutStatements = ReturnType<typeof statements>

/**
 * An order already placed under this key. The same browser sending the same body gets that order
 * back (a retry whose first answer was lost); anything else reusing the key is refused, and learns
 * nothing about the order.
 */
function findReplayedOrder(prepared: CheckoutStatements, idempotencyKey: string, requestHash: string, token: string) {
  const row = prepared.orderByKey.get({ idempotencyKey })
  if (!row) return undefined
  if (row.requestHash !== requestHash || row.ownerToken !== token) {
    throw new ApiError(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for another request')
  }
  return row
}

function readCartForCheckout(prepared: CheckoutStatements, token: string) {
  const cart = prepared.cartIdByToken.get({ token })
  if (!cart) return undefined
  return { id: cart.id, lines: prepared.cartLines.all({ cartId: cart.id }) }
}

function insertOrderRow(prepared: CheckoutStatements, values: Omit<typeof orders.$inferInsert, 'number'>): OrderRow {
  // 32^8 numbers: a clash is a once-in-a-billion event, and it only costs another draw.
  for (;;) {
    const number = newOrderNumber()
    const taken = prepared.orderNumberTaken.get({ number })
    if (!taken) return prepared.insertOrder.get({ ...values, number }) as OrderRow
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
 * Places an order from the browser's cart, all or nothing, in one immediate transaction (no other
 * writer between reading the stock and taking it):
 * a replayed key answers its order; the cart is read and priced from the database; every line is
 * checked, and any short line refuses the whole order with all of them listed; then stock is taken
 * with a conditional UPDATE (the CHECK constraint is the last guard), versions bumped, the order
 * and its lines written with name and price snapshots, one sale movement per line, and the cart
 * emptied.
 */
export function placeOrder(db: AppDatabase, token: string | undefined, input: CheckoutInput, idempotencyKey: string): PlacedOrder {
  // No cookie, no cart: nothing to order, and no order this browser could be replaying.
  if (!token) throw cartEmpty()
  const requestHash = hashCheckout(input)
  const prepared = statements(db)
  const { placed, changed, at } = db.transaction(
    (tx) => {
      const replayed = findReplayedOrder(prepared, idempotencyKey, requestHash, token)
      if (replayed) return { placed: { order: loadOrder(tx, replayed), replayed: true, token }, changed: [], at: 0 }

      const cart = readCartForCheckout(prepared, token)
      if (!cart || cart.lines.length === 0) throw cartEmpty()
      refuseOversizedOrder(cart.lines)
      refuseArchivedLines(cart.lines)

      const short: ShortLine[] = cart.lines
        .filter((line) => line.quantity > line.stock)
        .map((line) => ({ productId: line.productId, requested: line.quantity, available: line.stock }))
      if (short.length > 0) {
        const names = cart.lines.filter((line) => line.quantity > line.stock).map((line) => line.name)
        throw new ApiError(409, 'INSUFFICIENT_STOCK', `Not enough stock for ${names.join(', ')}`, { lines: short })
      }

      const now = Date.now()
      const subtotalCents = cart.lines.reduce((sum, line) => sum + line.unitPriceCents * line.quantity, 0)
      const row = insertOrderRow(prepared, {
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
      for (const [position, line] of cart.lines.entries()) {
        const taken = prepared.takeStock.all({ productId: line.productId, quantity: line.quantity, now })
        // Unreachable while the check above runs in this transaction; if it ever is, nothing is kept.
        if (taken.length !== 1) throw new Error(`Stock for product ${line.productId} changed inside the checkout transaction`)
        changed.push(...taken)
        prepared.insertOrderLine.run({ orderId: row.id, productId: line.productId, position, name: line.name, unitPriceCents: line.unitPriceCents, quantity: line.quantity })
        prepared.insertSaleMovement.run({ productId: line.productId, delta: -line.quantity, actor: `order:${row.number}`, at: now })
      }
      prepared.emptyCart.run({ cartId: cart.id })
      prepared.touchCart.run({ cartId: cart.id, now })
      const lines = prepared.orderLines.all({ orderId: row.id }).map(toOrderLine)
      return { placed: { order: toOrder(row, lines), replayed: false, token }, changed, at: now }
    },
    { behavior: 'immediate' },
  )
  // Committed: every open shop hears the new stock, admins the rows, the buyer's other tabs the empty cart.
  if (!placed.replayed) eventBusFor(db).publish(...changed.flatMap(stockChangeEvents), emptiedCartEvent(token, at))
  return placed
}
