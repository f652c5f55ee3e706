export const LOW_STOCK_THRESHOLD = 5

function stockLabel(stock: number) {
  if (stock === 0) return 'Sold out'
  if (stock <= LOW_STOCK_THRESHOLD) return `Only ${stock} left`
  return 'In stock'
}

export function StockBadge({ stock }: { stock: number }) {
  const tone = stock === 0 ? 'bg-stone-200 text-stone-700' : stock <= LOW_STOCK_THRESHOLD ? 'bg-amber-100 text-amber-900' : 'bg-emerald-100 text-emerald-900'
  return <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${tone}`}>{stockLabel(stock)}</span>
}
