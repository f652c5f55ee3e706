import { asc, eq } from 'drizzle-orm'
import type { AppDatabase } from '#db/connection'
import { cartLines, carts, products } from '#db/schema'
import type { Cart } from './cart.schemas'

/** The httpOnly cookie that names a browser's cart; the cart row is created on the first write. */
export const CART_COOKIE = 'cartwheel_cart'

export const emptyCart: Cart = { lines: [], itemCount: 0, subtotalCents: 0, currency: 'USD', updatedAt: null }

/** The cart behind a token, priced from the database at read time; no token or no row is an empty cart. */
export function findCart(db: AppDatabase, token: string | undefined): Cart {
  if (!token) return emptyCart
  const cart = db.select().from(carts).where(eq(carts.token, token)).get()
  if (!cart) return emptyCart
  const rows = db
    .select({
      productId: products.id,
      slug: products.slug,
      name: products.name,
      unitPriceCents: products.priceCents,
      quantity: cartLines.quantity,
      stock: products.stock,
    })
    .from(cartLines)
    .innerJoin(products, eq(products.id, cartLines.productId))
    .where(eq(cartLines.cartId, cart.id))
    .orderBy(asc(cartLines.addedAt), asc(products.id))
    .all()
  const lines = rows.map((row) => ({ ...row, lineTotalCents: row.unitPriceCents * row.quantity }))
  return {
    lines,
    itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
    subtotalCents: lines.reduce((sum, line) => sum + line.lineTotalCents, 0),
    currency: 'USD',
    updatedAt: new Date(cart.updatedAt).toISOString(),
  }
}
