import type { QueryClient } from '@tanstack/react-query'
import { cartKeys, cartQueries } from '~/features/cart/cart.queries'
import type { Cart } from '~/features/cart/cart.schemas'
import { catalogKeys } from '~/features/catalog/catalog.queries'
import type { ProductPage } from '~/features/catalog/catalog.schemas'
import { seedStockLevels, type StockSnapshot } from '~/features/catalog/stock.queries'

/**
 * The cascade: for each change this browser makes, which cached answers it writes from the
 * server's response, and which it marks stale without refetching. The one place where the
 * domains' caches meet; docs/cache-policy.md has the same rules as a table. Nothing that the
 * change cannot have affected is touched.
 */

/**
 * Marks stale, without refetching, each cached listing that shows one of these products with
 * another stock number: the next visit or focus refreshes it, and no request goes out now.
 */
function markListingsShowingOtherStock(client: QueryClient, levels: StockSnapshot[]) {
  if (levels.length === 0) return
  const fresh = new Map(levels.map((level) => [level.productId, level.stock]))
  void client.invalidateQueries({
    queryKey: catalogKeys.lists(),
    refetchType: 'none',
    predicate: (query) =>
      (query.state.data as ProductPage | undefined)?.items.some((item) => fresh.has(item.id) && fresh.get(item.id) !== item.stock) ?? false,
  })
}

function writeStock(client: QueryClient, levels: StockSnapshot[]) {
  seedStockLevels(client, levels)
  markListingsShowingOtherStock(client, levels)
}

/**
 * A cart change the server applied. Writes: the cart (when `writeCart`: no other cart change is
 * unconfirmed, so the answer cannot undo one on screen; otherwise the cart is marked stale for
 * the last change to reconcile) and each touched product's stock, from its line. Marks stale:
 * listings showing those products with another stock number.
 */
export function cascadeAfterCartChange(
  client: QueryClient,
  { cart, productIds, observedAt, writeCart }: { cart: Cart; productIds: number[]; observedAt: number; writeCart: boolean },
) {
  if (writeCart) client.setQueryData(cartQueries.detail().queryKey, cart)
  else void client.invalidateQueries({ queryKey: cartKeys.detail(), refetchType: 'none' })
  const touched = cart.lines.filter((line) => productIds.includes(line.productId))
  writeStock(
    client,
    touched.map((line) => ({ productId: line.productId, stock: line.stock, version: null, observedAt })),
  )
}

/** A cart change refused for stock: the refusal says how many are left, which is news for the stock cache. */
export function cascadeAfterStockRefusal(client: QueryClient, { productId, available, observedAt }: { productId: number; available: number; observedAt: number }) {
  writeStock(client, [{ productId, stock: available, version: null, observedAt }])
}

/** The last unconfirmed cart change settled: refetch the cart if anything marked it stale on the way. */
export function reconcileCart(client: QueryClient, { failed }: { failed: boolean }) {
  const cart = client.getQueryState(cartKeys.detail())
  if (failed || cart?.isInvalidated) void client.invalidateQueries({ queryKey: cartKeys.detail() })
}
