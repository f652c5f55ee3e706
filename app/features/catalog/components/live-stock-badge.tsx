import { useQuery } from '@tanstack/react-query'
import { useHydrated } from '@tanstack/react-router'
import { formatCount } from '~/lib/format-count'
import { useOnline } from '~/lib/online'
import { stockQueries } from '../stock.queries'
import { StockBadge } from './stock-badge'

/**
 * The product page's stock: the volatile tier refetches it every 30 s while the tab is visible and
 * on focus, and it starts from the number the product or listing answer seeded into the cache.
 * When a check fails, the page keeps the product and the last known number, and says the stock is
 * being checked again; it never turns into an error page.
 */
export function LiveStockBadge({ productId, fallbackStock }: { productId: number; fallbackStock: number }) {
  const { data, isError, failureCount } = useQuery(stockQueries.detail(productId))
  // Fetch state differs between the server's render and the browser's first one: it may only show
  // once hydrated, so the server's HTML matches.
  const hydrated = useHydrated()
  const online = useOnline()
  const failing = hydrated && (isError || failureCount > 0)
  const stock = data?.stock ?? fallbackStock
  return (
    <p className="flex flex-wrap items-center gap-2" aria-live="polite">
      <StockBadge stock={stock} unconfirmed={failing || !online} />
      {stock > 0 ? <span className="text-sm text-stone-600">{formatCount(stock)} available</span> : null}
      {!online ? (
        <span className="text-sm text-amber-800">· offline: the last number we had</span>
      ) : failing ? (
        <span className="text-sm text-amber-800">· stock unavailable, retrying (showing the last number we had)</span>
      ) : null}
    </p>
  )
}
