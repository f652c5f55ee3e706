import { OrderTotals } from '~/components/order-totals'
import { formatMoney } from '~/lib/money'
import { countryName, type Order } from '../orders.schemas'

const placedAt = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' })

/** When an order was placed, the same on the server and in every browser (UTC, so no hydration mismatch). */
export const formatOrderDate = (iso: string) => `${placedAt.format(new Date(iso))} UTC`

const statusLabels: Record<Order['status'], string> = { placed: 'Placed', shipped: 'Shipped', cancelled: 'Cancelled' }

export const orderStatusLabel = (status: Order['status']) => statusLabels[status]

/** An order as it was placed: the lines with the names and prices paid, the totals, where it goes. */
export function OrderDetails({ order }: { order: Order }) {
  return (
    <div className="grid gap-8 lg:grid-cols-[1fr_18rem]">
      <section aria-labelledby="order-lines-heading">
        <h2 id="order-lines-heading" className="sr-only">
          Items
        </h2>
        <ul aria-label="Ordered items" className="divide-y divide-stone-200 border-y border-stone-200">
          {order.lines.map((line) => (
            <li key={line.productId} className="flex flex-wrap justify-between gap-4 py-3">
              <div>
                <p className="font-medium">{line.name}</p>
                <p className="text-sm text-stone-500">
                  {line.quantity} × {formatMoney(line.unitPriceCents)}
                </p>
              </div>
              <p className="font-medium tabular-nums">{formatMoney(line.lineTotalCents)}</p>
            </li>
          ))}
        </ul>
        <OrderTotals itemCount={order.itemCount} subtotalCents={order.subtotalCents} totalCents={order.totalCents} className="mt-4 ml-auto max-w-xs" />
      </section>
      <aside aria-label="Delivery" className="h-fit space-y-3 rounded-xl border border-stone-200 bg-white p-5 text-sm">
        <div>
          <h2 className="font-semibold">Delivering to</h2>
          <address className="not-italic text-stone-700">
            {order.name}
            <br />
            {order.address.line1}
            <br />
            {order.address.postalCode} {order.address.city}
            <br />
            {countryName(order.address.country)}
          </address>
        </div>
        <div>
          <h2 className="font-semibold">Contact</h2>
          <p className="text-stone-700">{order.email}</p>
        </div>
        <div>
          <h2 className="font-semibold">Status</h2>
          <p className="text-stone-700">
            {orderStatusLabel(order.status)} · {formatOrderDate(order.createdAt)}
          </p>
        </div>
      </aside>
    </div>
  )
}
