import type { QueryClient } from '@tanstack/react-query'
import { hasUnconfirmedCartChanges } from '~/features/cart/cart-sync'
import { orderKeys } from '~/features/orders/orders.queries'
import type { LiveEvent, LiveEventData } from '~/live/live-events'
import { formatMoney } from '~/lib/money'
import {
  cascadeAfterCartEvent,
  cascadeAfterInventoryEvent,
  cascadeAfterMissedEvents,
  cascadeAfterCatalogChange,
  cascadeAfterCategoryChange,
  cascadeAfterStockEvent,
} from './cascade'
import { traceCascade } from './cascade-log'

/**
 * The cascade's second table: for each live event the server pushes (app/live/live-events.ts),
 * the function of cascade.ts it runs — the same module the mutations' table (mutation-cascade.ts)
 * calls, so a change reaches the caches of every open browser by the rules that apply it in the
 * browser that made it. Events come from app/query/live/live-connection.ts, once each, in order.
 */

/** A cart change or an order of this tab's own is on its way: its answer writes the cart, and an event must not write over it first. */
const cartBusy = (client: QueryClient) => hasUnconfirmedCartChanges(client) || client.isMutating({ mutationKey: orderKeys.place() }) > 0

/** Cart events that arrived while the cart was busy, per client: the newest is applied once it is not. */
const heldCarts = new WeakMap<QueryClient, LiveEventData<'cart'>>()

const eventRules: { [T in LiveEvent['type']]: (client: QueryClient, data: LiveEventData<T>) => void } = {
  stock: (client, level) => cascadeAfterStockEvent(client, level, { observedAt: Date.now(), cartBusy: cartBusy(client) }),
  product: (client, change) => cascadeAfterCatalogChange(client, change, { observedAt: Date.now() }),
  category: (client, category) => cascadeAfterCategoryChange(client, category),
  inventory: (client, row) => cascadeAfterInventoryEvent(client, row),
  cart: (client, cart) => {
    if (cartBusy(client)) return void heldCarts.set(client, cart)
    cascadeAfterCartEvent(client, cart)
  },
  reset: (client) => cascadeAfterMissedEvents(client),
}

/** One line for the inspector: what the event says. */
export function describeEvent(event: LiveEvent) {
  switch (event.type) {
    case 'stock':
      return `stock · product ${event.data.productId}: ${event.data.stock} left (v${event.data.version})`
    case 'product':
      return `product · ${event.data.product.name}: ${formatMoney(event.data.product.priceCents)}${event.data.product.archived ? ', off sale' : ''} (v${event.data.product.version})`
    case 'category':
      return `category · ${event.data.name} (v${event.data.version})`
    case 'inventory':
      return `inventory · ${event.data.sku}: ${event.data.stock} in stock (v${event.data.version})`
    case 'cart':
      return `cart · ${event.data.itemCount} item${event.data.itemCount === 1 ? '' : 's'}`
    case 'reset':
      return 'reset · events missed: volatile data refetched'
  }
}

/**
 * Runs one live event through its rule, recorded for the inspector. A rule that throws is
 * reported and skipped: one bad event must not stop the ones after it.
 */
export function dispatchLiveEvent(client: QueryClient, event: LiveEvent) {
  try {
    traceCascade(client, 'event', describeEvent(event), () => (eventRules[event.type] as (client: QueryClient, data: unknown) => void)(client, event.data))
  } catch (error) {
    console.error('The cascade failed after live event', event.type, event.id, error)
  }
}

/** The stream was down, or could not resume: what it missed is unknown. */
export function dispatchMissedEvents(client: QueryClient, label: string) {
  traceCascade(client, 'event', label, () => cascadeAfterMissedEvents(client))
}

/**
 * Applies a cart event held back while the cart was busy, once nothing of this tab's is on its way
 * any more: called whenever a mutation settles. The cart answer written meanwhile
 * carries an `updatedAt`, so an event older than it changes nothing.
 */
export function releaseHeldCartEvent(client: QueryClient) {
  const held = heldCarts.get(client)
  if (!held || cartBusy(client)) return
  heldCarts.delete(client)
  traceCascade(client, 'event', 'cart · held while this tab’s change was on its way', () => cascadeAfterCartEvent(client, held))
}
