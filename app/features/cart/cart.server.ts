import { createHash, randomBytes } from 'node:crypto'
import { and, asc, eq, gte, sql } from 'drizzle-orm'
import type { AppDatabase, AppTransaction } from '#db/connection'
import { preparedPerDatabase } from '#db/prepared-statements'
import { cartLines, cartRequests, carts, orders, products } from '#db/schema'
import { ApiError } from '~/lib/api-error'
import { eventBusFor } from '~/live/event-bus'
import { cartTotals, emptyCart, MAX_CART_LINES, MAX_CART_UNITS, MAX_LINE_QUANTITY, type AddCartLineInput, type Cart } from './cart.schemas'

/** Keys outlive any retry or offline replay by far; older ones are purged (cart-maintenance.server.ts). */
export const IDEMPOTENCY_KEY_TTL_MS = 7 * 24 * 60 * 60 * 1000

// Every page reads the cart (the header's badge) and every cart write answers with it: prepared once.
const statements = preparedPerDatabase((db) => ({
  cartByToken: db
    .select({ id: carts.id, updatedAt: carts.updatedAt })
    .from(carts)
    .where(eq(carts.token, sql.placeholder('token')))
    .prepare(),
  pricedLines: db
    .select({
      productId: products.id,
      slug: products.slug,
      name: products.name,
      unitPriceCents: products.priceCents,
      quantity: cartLines.quantity,
      stock: products.stock,
      archivedAt: products.archivedAt,
    })
    .from(cartLines)
    .innerJoin(products, eq(products.id, cartLines.productId))
    .where(eq(cartLines.cartId, sql.placeholder('cartId')))
    .orderBy(asc(cartLines.addedAt), asc(products.id))
    .prepare(),
}))

/** The cart behind a token, priced from the database at read time; no token or no row is an empty cart. */
export function findCart(db: AppDatabase, token: string | undefined): Cart {
  if (!token) return emptyCart
  const { cartByToken, pricedLines } = statements(db)
  const cart = cartByToken.get({ token })
  if (!cart) return emptyCart
  const lines = pricedLines.all({ cartId: cart.id }).map(({ archivedAt, ...row }) => ({ ...row, archived: archivedAt !== null, lineTotalCents: row.unitPriceCents * row.quantity }))
  return { lines, ...cartTotals(lines), currency: 'USD', updatedAt: new Date(cart.updatedAt).toISOString() }
}

/**
 * Whether a token names a cart that exists: a cookie can outlive its cart (idle carts are purged)
 * or be made up, and the next write then creates a cart under a new token.
 */
export const hasCart = (db: AppDatabase, token: string | undefined) => token !== undefined && statements(db).cartByToken.get({ token }) !== undefined

type CartRef = { id: number; token: string }

/** Answers a committed cart write, and tells the cart's other open tabs (and devices) what it holds now. */
function committedCartWrite(db: AppDatabase, token: string): CartWrite {
  const cart = findCart(db, token)
  eventBusFor(db).publish({ type: 'cart', data: cart, audience: { to: 'cart', token } })
  return { cart, token }
}

/** What a cart write hands back: the priced cart and, when a cart exists, the token the browser keeps. */
export type CartWrite = { cart: Cart; token?: string }

const findCartRef = (tx: AppTransaction, token: string | undefined): CartRef | undefined =>
  token ? tx.select({ id: carts.id, token: carts.token }).from(carts).where(eq(carts.token, token)).get() : undefined

/** Whether orders were placed under this token: it names a real browser even when its cart was purged. */
const ownsOrders = (tx: AppTransaction, token: string) => tx.select({ id: orders.id }).from(orders).where(eq(orders.ownerToken, token)).limit(1).get() !== undefined

/**
 * A new cart, for a write from a browser whose cookie names none (or one that is gone). It gets a
 * fresh random token, never the one the browser sent (an unknown token could be planted), unless
 * that token already owns orders: an idle cart is purged, its browser's orders must stay in reach.
 */
function createCart(tx: AppTransaction, token: string | undefined, now: number): CartRef {
  const keep = token !== undefined && ownsOrders(tx, token)
  const created = { token: keep ? token : randomBytes(24).toString('base64url'), createdAt: now, updatedAt: now }
  const { id } = tx.insert(carts).values(created).returning({ id: carts.id }).get()
  return { id, token: created.token }
}

function findProductForCart(tx: AppTransaction, productId: number) {
  const product = tx
    .select({ id: products.id, name: products.name, stock: products.stock, archivedAt: products.archivedAt })
    .from(products)
    .where(eq(products.id, productId))
    .get()
  if (!product) throw new ApiError(404, 'NOT_FOUND', `No product with id ${productId}`)
  return product
}

const findLineQuantity = (tx: AppTransaction, cartId: number, productId: number) =>
  tx
    .select({ quantity: cartLines.quantity })
    .from(cartLines)
    .where(and(eq(cartLines.cartId, cartId), eq(cartLines.productId, productId)))
    .get()?.quantity ?? 0

/**
 * A product taken off sale cannot be added or raised; a line holding it may still be lowered or
 * removed, which is what its shopper is asked to do.
 */
function checkOnSale(product: { id: number; name: string; archivedAt: number | null }, requested: number, current: number) {
  if (product.archivedAt === null || requested <= current) return
  throw new ApiError(409, 'PRODUCT_ARCHIVED', `${product.name} is no longer sold`, { productId: product.id })
}

/**
 * A line may grow only up to the stock. Shrinking is always allowed, even while still above the
 * stock: a shopper lowering a line that stock fell under must not be refused on the way down.
 */
function checkQuantity(product: { id: number; name: string; stock: number }, requested: number, current: number) {
  if (requested > MAX_LINE_QUANTITY) {
    throw new ApiError(400, 'VALIDATION_ERROR', `At most ${MAX_LINE_QUANTITY} of one product per order`, [
      { path: 'quantity', message: `The line would hold ${requested}`, code: 'too_big' },
    ])
  }
  if (requested > product.stock && requested > current) {
    const message = product.stock === 0 ? `${product.name} is sold out` : `Only ${product.stock} left of ${product.name}`
    throw new ApiError(409, 'INSUFFICIENT_STOCK', message, { productId: product.id, requested, available: product.stock })
  }
}

/**
 * A cart holds at most MAX_CART_LINES products and MAX_CART_UNITS units, so no cart grows into a
 * page too big to render and no single order empties the warehouse. Shrinking is always allowed.
 */
function checkCartSize(tx: AppTransaction, cartId: number | undefined, productId: number, requested: number, current: number) {
  if (requested <= current) return
  const size =
    cartId === undefined
      ? { lines: 0, units: 0 }
      : (tx
          .select({ lines: sql<number>`count(*)`, units: sql<number>`coalesce(sum(${cartLines.quantity}), 0)` })
          .from(cartLines)
          .where(eq(cartLines.cartId, cartId))
          .get() as { lines: number; units: number })
  const lines = size.lines + (current === 0 ? 1 : 0)
  const units = size.units - current + requested
  if (lines > MAX_CART_LINES || units > MAX_CART_UNITS) {
    const message =
      lines > MAX_CART_LINES
        ? `Your cart already holds ${MAX_CART_LINES} different products, the most one order can take`
        : `One order can take at most ${MAX_CART_UNITS} items; your cart would hold ${units}`
    throw new ApiError(409, 'CART_FULL', message, { productId, maxLines: MAX_CART_LINES, maxUnits: MAX_CART_UNITS })
  }
}

function writeLine(tx: AppTransaction, cartId: number, productId: number, quantity: number, now: number) {
  tx.insert(cartLines)
    .values({ cartId, productId, quantity, addedAt: now })
    .onConflictDoUpdate({ target: [cartLines.cartId, cartLines.productId], set: { quantity } })
    .run()
  tx.update(carts).set({ updatedAt: now }).where(eq(carts.id, cartId)).run()
}

const hashRequest = (input: AddCartLineInput) => createHash('sha256').update(JSON.stringify([input.productId, input.quantity])).digest('hex')

/**
 * Whether this cart already applied a request under this key. Keys are looked up within the
 * cookie's cart only: a key is no credential, so a replay without the cookie (its first answer was
 * lost with the Set-Cookie) is a new request in a new cart, and never hands out the first one.
 */
function isReplay(tx: AppTransaction, cart: CartRef, idempotencyKey: string, requestHash: string, now: number) {
  const seen = tx
    .select({ requestHash: cartRequests.requestHash })
    .from(cartRequests)
    .where(and(eq(cartRequests.cartId, cart.id), eq(cartRequests.idempotencyKey, idempotencyKey), gte(cartRequests.createdAt, now - IDEMPOTENCY_KEY_TTL_MS)))
    .get()
  if (!seen) return false
  if (seen.requestHash !== requestHash) {
    throw new ApiError(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for another request')
  }
  return true
}

/**
 * Adds units of a product to the cart, creating the cart on the first write. With an
 * Idempotency-Key, a replay of an applied request changes nothing and answers its cart; the same
 * key with another body is refused. Immediate transaction: stock is read and the line written
 * with no other writer in between.
 */
export function addCartLine(db: AppDatabase, token: string | undefined, input: AddCartLineInput, idempotencyKey?: string): CartWrite {
  const now = Date.now()
  const { cart, replayed } = db.transaction(
    (tx) => {
      const requestHash = hashRequest(input)
      const existing = findCartRef(tx, token)
      // Keys are looked up within the cookie's cart only (see isReplay).
      if (idempotencyKey && existing && isReplay(tx, existing, idempotencyKey, requestHash, now)) return { cart: existing, replayed: true }
      const product = findProductForCart(tx, input.productId)
      const current = existing ? findLineQuantity(tx, existing.id, product.id) : 0
      checkOnSale(product, current + input.quantity, current)
      checkQuantity(product, current + input.quantity, current)
      checkCartSize(tx, existing?.id, product.id, current + input.quantity, current)
      const cart = existing ?? createCart(tx, token, now)
      writeLine(tx, cart.id, product.id, current + input.quantity, now)
      if (idempotencyKey) {
        // An expired record the purge has not reached yet is replaced, not collided with.
        tx.insert(cartRequests)
          .values({ idempotencyKey, cartId: cart.id, requestHash, createdAt: now })
          .onConflictDoUpdate({ target: [cartRequests.cartId, cartRequests.idempotencyKey], set: { requestHash, createdAt: now } })
          .run()
      }
      return { cart, replayed: false }
    },
    { behavior: 'immediate' },
  )
  // A replay changed nothing, so nothing is news.
  return replayed ? { cart: findCart(db, cart.token), token: cart.token } : committedCartWrite(db, cart.token)
}

/**
 * Sets a line to an absolute quantity (0 removes it). Absolute, so sending it twice is harmless:
 * the request is safe to retry and to replay from an offline queue.
 */
export function setCartLineQuantity(db: AppDatabase, token: string | undefined, productId: number, quantity: number): CartWrite {
  if (quantity === 0) return removeCartLine(db, token, productId)
  const now = Date.now()
  const cart = db.transaction(
    (tx) => {
      const product = findProductForCart(tx, productId)
      const existing = findCartRef(tx, token)
      const current = existing ? findLineQuantity(tx, existing.id, product.id) : 0
      checkOnSale(product, quantity, current)
      checkQuantity(product, quantity, current)
      checkCartSize(tx, existing?.id, product.id, quantity, current)
      const cart = existing ?? createCart(tx, token, now)
      writeLine(tx, cart.id, product.id, quantity, now)
      return cart
    },
    { behavior: 'immediate' },
  )
  return committedCartWrite(db, cart.token)
}

/** Removes a line; removing what is not there is not an error, and never creates a cart. */
export function removeCartLine(db: AppDatabase, token: string | undefined, productId: number): CartWrite {
  const result = db.transaction(
    (tx) => {
      const cart = findCartRef(tx, token)
      if (!cart) return undefined
      const removed = tx
        .delete(cartLines)
        .where(and(eq(cartLines.cartId, cart.id), eq(cartLines.productId, productId)))
        .run()
      if (removed.changes > 0) tx.update(carts).set({ updatedAt: Date.now() }).where(eq(carts.id, cart.id)).run()
      return { cart, removed: removed.changes > 0 }
    },
    { behavior: 'immediate' },
  )
  if (!result) return { cart: emptyCart }
  return result.removed ? committedCartWrite(db, result.cart.token) : { cart: findCart(db, result.cart.token), token: result.cart.token }
}
