import { useQuery } from '@tanstack/react-query'
import { Link } from '@tanstack/react-router'
import { formatMoney } from '~/lib/money'
import { cartQueries } from '../cart.queries'

// Stable selector: the badge re-renders only when the count or subtotal changes, not on every cart refetch.
const selectTotals = (cart: { itemCount: number; subtotalCents: number }) => ({
  itemCount: cart.itemCount,
  subtotalCents: cart.subtotalCents,
})

export function MiniCartBadge() {
  const { data } = useQuery({ ...cartQueries.detail(), select: selectTotals })
  const itemCount = data?.itemCount ?? 0
  return (
    <Link to="/cart" className="inline-flex items-center gap-2 rounded-full border border-stone-300 px-3 py-1 text-sm hover:bg-stone-100">
      <svg aria-hidden viewBox="0 0 24 24" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="2">
        <path d="M3 4h2l2.4 10.2a1 1 0 0 0 1 .8h8.8a1 1 0 0 0 1-.8L20 8H6.2" />
        <circle cx="9" cy="19" r="1.5" />
        <circle cx="17" cy="19" r="1.5" />
      </svg>
      <span aria-live="polite" className="inline-flex gap-2">
        <span>
          Cart: {itemCount} {itemCount === 1 ? 'item' : 'items'}
        </span>
        {itemCount > 0 && data ? <span className="text-stone-500">{formatMoney(data.subtotalCents)}</span> : null}
      </span>
    </Link>
  )
}
