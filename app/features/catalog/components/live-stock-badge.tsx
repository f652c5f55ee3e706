import { useQuery } from '@tanstack/react-query'
import { stockQueries } from '../stock.queries'
import { StockBadge } from './stock-badge'

/**
 * The product page's stock: the volatile tier refetches it every 30 s while the tab is visible and
 * on focus, and it starts from the number the product or listing answer seeded into the cache.
 */
export function LiveStockBadge({ productId, fallbackStock }: { productId: number; fallbackStock: number }) {
  const { data } = useQuery(stockQueries.detail(productId))
  const stock = data?.stock ?? fallbackStock
  return (
    // The markup never depends on fetch state: a stale query reports "fetching" during hydration,
    // and the server's HTML must match the first browser render.
    <p className="flex items-center gap-2" aria-live="polite">
      <StockBadge stock={stock} />
      {stock > 0 ? <span className="text-sm text-stone-600">{stock.toLocaleString('en-US')} available</span> : null}
    </p>
  )
}
