import type { Tables } from '#db/work'
import { emptyCart } from '~/features/cart/cart.schemas'
import type { AdminCategory, ProductChange } from '~/features/inventory/catalog-admin.answers'
import type { LiveEventInput } from './live-events'

/**
 * The events a committed change publishes, built in one place for every feature that moves stock
 * (checkout, cancellation, the inventory grid), so a sale and a restock tell browsers the same thing.
 */

/** A product's inventory row as the database holds it: select or `.returning(...)` these columns of the query's tables. */
export const inventoryColumns = ({ products }: Tables) => ({
  productId: products.id,
  sku: products.sku,
  name: products.name,
  stock: products.stock,
  priceCents: products.priceCents,
  version: products.version,
  updatedAt: products.updatedAt,
})

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

/**
 * A product was created, or its public fields changed (name, description, address, category,
 * price, on sale or not): the product now and where it was, as the admin's own answer says it.
 */
export function productChangeEvent(change: ProductChange): LiveEventInput {
  return { type: 'product', data: change, audience: { to: 'everyone' } }
}

/** A category was created or renamed. */
export function categoryChangeEvent({ slug, name, position, version }: AdminCategory): LiveEventInput {
  return { type: 'category', data: { slug, name, position, version }, audience: { to: 'everyone' } }
}

/** The buyer's cart after checkout: empty, changed at the order's time. */
export function emptiedCartEvent(token: string, at: number): LiveEventInput {
  return { type: 'cart', data: { ...emptyCart, updatedAt: new Date(at).toISOString() }, audience: { to: 'cart', token } }
}
