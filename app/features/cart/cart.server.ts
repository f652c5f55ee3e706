import { createHash, randomBytes } from 'node:crypto'
import { and, asc, eq, gte, sql } from 'drizzle-orm'
import { get, getForUpdate, all, prepare, read, run, serialize, transact, type Database, type Session, type Tables, type Work } from '#db/work'
import { ApiError } from '~/lib/api-error'
import { eventBusFor } from '~/live/event-bus'
import { cartTotals, emptyCart, MAX_CART_LINES, MAX_CART_UNITS, MAX_LINE_QUANTITY, type AddCartLineInput, type Cart } from './cart.schemas'

/** Keys outlive any retry or offline replay by far; older ones are purged (cart-maintenance.server.ts). */
export const IDEMPOTENCY_KEY_TTL_MS = 7 * 24 * 60 * 60 * 1000

// Every page reads the cart (the header's badge) and every cart write answers with it: prepared once.
const cartByToken = prepare((db, t) =>
  db
    .select({ id: t.carts.id, updatedAt: t.carts.updatedAt })
    .from(t.carts)
    .where(eq(t.carts.token, sql.placeholder('token'))),
)
const pricedLines = prepare((db, t) =>
  db
    .select({
      productId: t.products.id,
      slug: t.products.slug,
      name: t.products.name,
      unitPriceCents: t.products.priceCents,
      quantity: t.cartLines.quantity,
      stock: t.products.stock,
      archivedAt: t.products.archivedAt,
    })
    .from(t.cartLines)
    .innerJoin(t.products, eq(t.products.id, t.cartLines.productId))
    .where(eq(t.cartLines.cartId, sql.placeholder('cartId')))
    .orderBy(asc(t.cartLines.addedAt), asc(t.products.id)),
)

function* loadCart(token: string | undefined): Work<Cart> {
  if (!token) return emptyCart
  const cart = yield* get(cartByToken, { token })
  if (!cart) return emptyCart
  const lines = (yield* all(pricedLines, { cartId: cart.id })).map(({ archivedAt, ...row }) => ({ ...row, archived: archivedAt !== null, lineTotalCents: row.unitPriceCents * row.quantity }))
  return { lines, ...cartTotals(lines), currency: 'USD', updatedAt: new Date(cart.updatedAt).toISOString() }
}

/** The cart behind a token, priced from the database at read time; no token or no row is an empty cart. */
export const findCart = (db: Database, token: string | undefined): Promise<Cart> => read(db, loadCart(token))

/**
 * Whether a token names a cart that exists: a cookie can outlive its cart (idle carts are purged)
 * or be made up, and the next write then creates a cart under a new token.
 */
export const hasCart = async (db: Database, token: string | undefined) => token !== undefined && (await read(db, get(cartByToken, { token }))) !== undefined

type CartRef = { id: number; token: string }

/** Answers a committed cart write, and tells the cart's other open tabs (and devices) what it holds now. */
async function committedCartWrite(db: Database, token: string): Promise<CartWrite> {
  const cart = await findCart(db, token)
  eventBusFor(db).publish({ type: 'cart', data: cart, audience: { to: 'cart', token } })
  return { cart, token }
}

/** What a cart write hands back: the priced cart and, when a cart exists, the token the browser keeps. */
export type CartWrite = { cart: Cart; token?: string }

/**
 * The cookie's cart, its row locked until the write commits: on PostgreSQL two writes to one cart
 * (two tabs, a double click) take turns, so neither counts lines the other is changing. When the
 * token names no cart, the writes under it take turns too (there is no row to lock yet): the later
 * one reads again and finds the cart the earlier one made under a token that owns orders
 * (createCart), instead of making a second under the same token.
 */
function* findCartRef(token: string | undefined): Work<CartRef | undefined> {
  if (!token) return undefined
  const byToken = (db: Session, t: Tables) => db.select({ id: t.carts.id, token: t.carts.token }).from(t.carts).where(eq(t.carts.token, token))
  const found = yield* getForUpdate(byToken)
  if (found) return found
  yield* serialize(`cart:${token}`)
  return yield* getForUpdate(byToken)
}

/** Whether orders were placed under this token: it names a real browser even when its cart was purged. */
function* ownsOrders(token: string): Work<boolean> {
  return (yield* get((db, t) => db.select({ id: t.orders.id }).from(t.orders).where(eq(t.orders.ownerToken, token)).limit(1))) !== undefined
}

/**
 * A new cart, for a write from a browser whose cookie names none (or one that is gone). It gets a
 * fresh random token, never the one the browser sent (an unknown token could be planted), unless
 * that token already owns orders: an idle cart is purged, its browser's orders must stay in reach.
 */
function* createCart(token: string | undefined, now: number): Work<CartRef> {
  const keep = token !== undefined && (yield* ownsOrders(token))
  const created = { token: keep ? token : randomBytes(24).toString('base64url'), createdAt: now, updatedAt: now }
  const row = yield* get((db, t) => db.insert(t.carts).values(created).returning({ id: t.carts.id }))
  return { id: row!.id, token: created.token }
}

function* findProductForCart(productId: number) {
  const product = yield* get((db, t) =>
    db.select({ id: t.products.id, name: t.products.name, stock: t.products.stock, archivedAt: t.products.archivedAt }).from(t.products).where(eq(t.products.id, productId)),
  )
  if (!product) throw new ApiError(404, 'NOT_FOUND', `No product with id ${productId}`)
  return product
}

function* findLineQuantity(cartId: number, productId: number): Work<number> {
  const line = yield* get((db, t) =>
    db
      .select({ quantity: t.cartLines.quantity })
      .from(t.cartLines)
      .where(and(eq(t.cartLines.cartId, cartId), eq(t.cartLines.productId, productId))),
  )
  return line?.quantity ?? 0
}

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
function* checkCartSize(cartId: number | undefined, productId: number, requested: number, current: number) {
  if (requested <= current) return
  const size =
    cartId === undefined
      ? { lines: 0, units: 0 }
      : ((yield* get((db, t) =>
          db
            .select({ lines: sql<number>`count(*)`, units: sql<number>`coalesce(sum(${t.cartLines.quantity}), 0)` })
            .from(t.cartLines)
            .where(eq(t.cartLines.cartId, cartId)),
        )) as { lines: number; units: number })
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

function* writeLine(cartId: number, productId: number, quantity: number, now: number) {
  yield* run((db, t) =>
    db
      .insert(t.cartLines)
      .values({ cartId, productId, quantity, addedAt: now })
      .onConflictDoUpdate({ target: [t.cartLines.cartId, t.cartLines.productId], set: { quantity } }),
  )
  yield* run((db, t) => db.update(t.carts).set({ updatedAt: now }).where(eq(t.carts.id, cartId)))
}

const hashRequest = (input: AddCartLineInput) => createHash('sha256').update(JSON.stringify([input.productId, input.quantity])).digest('hex')

/**
 * Whether this cart already applied a request under this key. Keys are looked up within the
 * cookie's cart only: a key is no credential, so a replay without the cookie (its first answer was
 * lost with the Set-Cookie) is a new request in a new cart, and never hands out the first one.
 */
function* isReplay(cart: CartRef, idempotencyKey: string, requestHash: string, now: number) {
  const seen = yield* get((db, t) =>
    db
      .select({ requestHash: t.cartRequests.requestHash })
      .from(t.cartRequests)
      .where(and(eq(t.cartRequests.cartId, cart.id), eq(t.cartRequests.idempotencyKey, idempotencyKey), gte(t.cartRequests.createdAt, now - IDEMPOTENCY_KEY_TTL_MS))),
  )
  if (!seen) return false
  if (seen.requestHash !== requestHash) {
    throw new ApiError(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for another request')
  }
  return true
}

/**
 * Adds units of a product to the cart, creating the cart on the first write. With an
 * Idempotency-Key, a replay of an applied request changes nothing and answers its cart; the same
 * key with another body is refused. One transaction, the cart's row locked (db/work.ts): stock is
 * read and the line written with no other write to this cart in between.
 */
export async function addCartLine(db: Database, token: string | undefined, input: AddCartLineInput, idempotencyKey?: string): Promise<CartWrite> {
  const now = Date.now()
  const { cart, replayed } = await transact(db, function* () {
    const requestHash = hashRequest(input)
    const existing = yield* findCartRef(token)
    // Keys are looked up within the cookie's cart only (see isReplay).
    if (idempotencyKey && existing && (yield* isReplay(existing, idempotencyKey, requestHash, now))) return { cart: existing, replayed: true }
    const product = yield* findProductForCart(input.productId)
    const current = existing ? yield* findLineQuantity(existing.id, product.id) : 0
    checkOnSale(product, current + input.quantity, current)
    checkQuantity(product, current + input.quantity, current)
    yield* checkCartSize(existing?.id, product.id, current + input.quantity, current)
    const cart = existing ?? (yield* createCart(token, now))
    yield* writeLine(cart.id, product.id, current + input.quantity, now)
    if (idempotencyKey) {
      // An expired record the purge has not reached yet is replaced, not collided with.
      yield* run((db, t) =>
        db
          .insert(t.cartRequests)
          .values({ idempotencyKey, cartId: cart.id, requestHash, createdAt: now })
          .onConflictDoUpdate({ target: [t.cartRequests.cartId, t.cartRequests.idempotencyKey], set: { requestHash, createdAt: now } }),
      )
    }
    return { cart, replayed: false }
  })
  // A replay changed nothing, so nothing is news.
  return replayed ? { cart: await findCart(db, cart.token), token: cart.token } : committedCartWrite(db, cart.token)
}

/**
 * Sets a line to an absolute quantity (0 removes it). Absolute, so sending it twice is harmless:
 * the request is safe to retry and to replay from an offline queue.
 */
export async function setCartLineQuantity(db: Database, token: string | undefined, productId: number, quantity: number): Promise<CartWrite> {
  if (quantity === 0) return removeCartLine(db, token, productId)
  const now = Date.now()
  const cart = await transact(db, function* () {
    const product = yield* findProductForCart(productId)
    const existing = yield* findCartRef(token)
    const current = existing ? yield* findLineQuantity(existing.id, product.id) : 0
    checkOnSale(product, quantity, current)
    checkQuantity(product, quantity, current)
    yield* checkCartSize(existing?.id, product.id, quantity, current)
    const cart = existing ?? (yield* createCart(token, now))
    yield* writeLine(cart.id, product.id, quantity, now)
    return cart
  })
  return committedCartWrite(db, cart.token)
}

/** Removes a line; removing what is not there is not an error, and never creates a cart. */
export async function removeCartLine(db: Database, token: string | undefined, productId: number): Promise<CartWrite> {
  const result = await transact(db, function* () {
    const cart = yield* findCartRef(token)
    if (!cart) return undefined
    const removed = yield* run((db, t) => db.delete(t.cartLines).where(and(eq(t.cartLines.cartId, cart.id), eq(t.cartLines.productId, productId))))
    if (removed > 0) yield* run((db, t) => db.update(t.carts).set({ updatedAt: Date.now() }).where(eq(t.carts.id, cart.id)))
    return { cart, removed: removed > 0 }
  })
  if (!result) return { cart: emptyCart }
  return result.removed ? committedCartWrite(db, result.cart.token) : { cart: await findCart(db, result.cart.token), token: result.cart.token }
}
