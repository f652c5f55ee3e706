import { useSuspenseQuery } from '@tanstack/react-query'
import { Link } from '@tanstack/react-router'
import { formatMoney } from '~/lib/money'
import { orderQueries } from '../orders.queries'
import { formatOrderDate, orderStatusLabel } from './order-details'

/** This browser's orders, newest first, each a link to its page. */
export function OrderList() {
  const { data } = useSuspenseQuery(orderQueries.list())
  if (data.items.length === 0) {
    return (
      <section className="rounded-xl border border-dashed border-stone-300 px-6 py-16 text-center">
        <h2 className="font-display text-2xl">No orders yet</h2>
        <p className="mt-2 text-stone-600">Orders you place from this browser appear here.</p>
        <Link to="/search" search={{ sort: 'newest' }} className="mt-6 inline-block rounded-md bg-stone-900 px-4 py-2 text-white">
          Browse products
        </Link>
      </section>
    )
  }
  return (
    <ul aria-label="Orders" className="divide-y divide-stone-200 border-y border-stone-200">
      {data.items.map((order) => (
        <li key={order.id}>
          <Link
            to="/orders/$orderId"
            params={{ orderId: order.id }}
            className="flex flex-wrap items-center justify-between gap-4 py-4 hover:bg-stone-50"
          >
            <span>
              <span className="font-medium">Order {order.number}</span>
              <span className="block text-sm text-stone-500">{formatOrderDate(order.createdAt)}</span>
            </span>
            <span className="text-sm text-stone-600">
              {order.itemCount} {order.itemCount === 1 ? 'item' : 'items'} · {orderStatusLabel(order.status)}
            </span>
            <span className="font-medium tabular-nums">{formatMoney(order.totalCents)}</span>
          </Link>
        </li>
      ))}
    </ul>
  )
}
