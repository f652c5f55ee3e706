import { useQuery } from '@tanstack/react-query'
import { stockQueries } from '../stock.queries'
import { StockBadge } from './stock-badge'

/**
 * The product page's stock: the volatile tier refetches it every 30 s while the tab is visible and
 * on focus, and it starts from the number the product or listing answer seeded into the cache.
 */
export function LiveStockBadge({ productId, fallbackStock }: { productId: number; fallbackStock: number }) {
  const { data, isError } = useQuery(stockQueries.detail(productId))
  const stock = data?.stock ?? fallbackStock
  // A failed refresh keeps the last number on screen, but says it is no longer confirmed.
  const unconfirmed = isError && data !== undefined
  return (
    // The markup never depends on fetch state: a stale query reports "fetching" during hydration,
    // and the server's HTML must match the first browser render.
    <p className="flex items-center gap-2" aria-live="polite">
      <StockBadge stock={stock} />
      {stock > 0 ? <span className="text-sm text-stone-600">{stock.toLocaleString('en-US')} available</span> : null}
      {unconfirmed ? <span className="text-sm text-amber-800">· last known, not confirmed just now</span> : null}
    </p>
  )
}
