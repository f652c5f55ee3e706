export const LOW_STOCK_THRESHOLD = 5

function stockLabel(stock: number) {
  if (stock === 0) return 'Sold out'
  if (stock <= LOW_STOCK_THRESHOLD) return `Only ${stock} left`
  return 'In stock'
}

/** A stock label; an unconfirmed one (the last check failed) says so, in words and with a dashed outline. */
export function StockBadge({ stock, unconfirmed = false }: { stock: number; unconfirmed?: boolean }) {
  const tone = stock === 0 ? 'bg-stone-200 text-stone-700' : stock <= LOW_STOCK_THRESHOLD ? 'bg-amber-100 text-amber-900' : 'bg-emerald-100 text-emerald-900'
  const outline = unconfirmed ? ' outline-1 outline-dashed outline-stone-500' : ''
  return (
    <span
      className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${tone}${outline}`}
      title={unconfirmed ? 'We could not confirm this just now; it is the last number we had' : undefined}
    >
      {stockLabel(stock)}
      {unconfirmed ? <span> · unconfirmed</span> : null}
    </span>
  )
}
