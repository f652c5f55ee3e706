import { useQuery } from '@tanstack/react-query'
import { Link } from '@tanstack/react-router'
import { useState } from 'react'
import { formatMoney } from '~/lib/money'
import { useCancelOrderMutation } from '../order-admin.mutations'
import { adminOrderQueries } from '../order-admin.queries'
import type { AdminOrderFilters } from '../order-admin.schemas'
import type { Order } from '../orders.schemas'
import { formatOrderDate, orderStatusLabel } from './order-details'

/** Every browser's orders, newest first, a page at a time; a placed order can be cancelled from its row. */
export function AdminOrderTable({ filters }: { filters: AdminOrderFilters }) {
  const { data, isPending, isError, error, isPlaceholderData } = useQuery(adminOrderQueries.list(filters))
  if (isPending) return <p role="status">Loading orders…</p>
  if (isError) return <p role="alert">Orders could not be loaded: {error.message}</p>
  if (data.items.length === 0) return <p className="rounded-xl border border-dashed border-stone-300 px-6 py-12 text-center">No orders here yet.</p>
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize))
  return (
    <div className="space-y-4" aria-busy={isPlaceholderData}>
      <ul aria-label="Orders" className="divide-y divide-stone-200 border-y border-stone-200">
        {data.items.map((order) => (
          <AdminOrderRow key={order.id} order={order} />
        ))}
      </ul>
      <nav aria-label="Order pages" className="flex items-center gap-4 text-sm">
        {filters.page > 1 ? (
          <Link to="/admin/orders" search={{ ...filters, page: filters.page - 1 }}>
            Newer
          </Link>
        ) : null}
        <span>
          Page {filters.page} of {pages} · {data.total} orders
        </span>
        {filters.page < pages ? (
          <Link to="/admin/orders" search={{ ...filters, page: filters.page + 1 }}>
            Older
          </Link>
        ) : null}
      </nav>
    </div>
  )
}

function AdminOrderRow({ order }: { order: Order }) {
  const cancel = useCancelOrderMutation()
  const [confirming, setConfirming] = useState(false)
  return (
    <li className="flex flex-wrap items-center justify-between gap-4 py-3">
      <span>
        <span className="font-medium">Order {order.number}</span>
        <span className="block text-sm text-stone-500">
          {formatOrderDate(order.createdAt)} · {order.email}
        </span>
      </span>
      <span className="text-sm text-stone-600">
        {order.itemCount} {order.itemCount === 1 ? 'item' : 'items'} · {formatMoney(order.totalCents)} · {orderStatusLabel(order.status)}
      </span>
      <span className="flex items-center gap-2 text-sm">
        {order.status !== 'placed' ? null : confirming ? (
          <>
            <span>Return {order.itemCount} to stock?</span>
            <button
              type="button"
              className="rounded bg-red-700 px-3 py-1 text-white disabled:opacity-60"
              disabled={cancel.isPending}
              onClick={() => cancel.mutate(order.number, { onSettled: () => setConfirming(false) })}
            >
              {cancel.isPending ? 'Cancelling…' : `Cancel order ${order.number}`}
            </button>
            <button type="button" className="underline" onClick={() => setConfirming(false)} disabled={cancel.isPending}>
              Keep it
            </button>
          </>
        ) : (
          <button type="button" className="rounded border border-stone-300 px-3 py-1" onClick={() => setConfirming(true)}>
            Cancel…
          </button>
        )}
        {cancel.isError ? (
          <span role="alert" className="text-red-700">
            Not cancelled: {cancel.error.message}
          </span>
        ) : null}
      </span>
    </li>
  )
}
