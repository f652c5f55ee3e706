import { products } from '#db/schema'
import { emptyCart } from '~/features/cart/cart.schemas'
import type { LiveEventInput } from './live-events'

/**
 * The events a committed change publishes, built in one place for every feature that moves stock
 * (checkout, cancellation, the inventory grid), so a sale and a restock tell browsers the same thing.
 */

/** A product's inventory row as the database holds it: select or `.returning(...)` these columns. */
export const inventoryColumns = {
  productId: products.id,
  sku: products.sku,
  name: products.name,
  stock: products.stock,
  priceCents: products.priceCents,
  version: products.version,
  updatedAt: products.updatedAt,
}

export type InventoryColumns = { productId: number; sku: string; name: string; stock: number; priceCents: number; version: number; updatedAt: number }

/** A product's stock moved: its level for everyone, its whole inventory row for admins. */
export function stockChangeEvents(row: InventoryColumns): LiveEventInput[] {
  return [
    { type: 'stock', data: { productId: row.productId, stock: row.stock, version: row.version }, audience: { to: 'everyone' } },
    inventoryEvent(row),
  ]
}

export function inventoryEvent(row: InventoryColumns): LiveEventInput {
  return { type: 'inventory', data: { ...row, updatedAt: new Date(row.updatedAt).toISOString() }, audience: { to: 'admins' } }
}

/** A product's public fields changed (its price): what a product page and a listing show. */
export function productChangeEvent(row: InventoryColumns & { slug: string }): LiveEventInput {
  const { productId: id, slug, name, priceCents, version, updatedAt } = row
  return { type: 'product', data: { id, slug, name, priceCents, version, updatedAt: new Date(updatedAt).toISOString() }, audience: { to: 'everyone' } }
}

/** The buyer's cart after checkout: empty, changed at the order's time. */
export function emptiedCartEvent(token: string, at: number): LiveEventInput {
  return { type: 'cart', data: { ...emptyCart, updatedAt: new Date(at).toISOString() }, audience: { to: 'cart', token } }
}
