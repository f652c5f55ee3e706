import { createFileRoute } from '@tanstack/react-router'
import { OrderList } from '~/features/orders/components/order-list'
import { orderQueries } from '~/features/orders/orders.queries'
import { ensureQuery } from '~/lib/ensure-query'

export const Route = createFileRoute('/orders/')({
  loader: async ({ context: { queryClient } }) => {
    await ensureQuery(queryClient, orderQueries.list())
  },
  head: () => ({ meta: [{ title: 'Your orders — Cartwheel' }, { name: 'robots', content: 'noindex' }] }),
  component: OrdersPage,
})

function OrdersPage() {
  return (
    <div className="space-y-6">
      <h1 className="font-display text-3xl">Your orders</h1>
      <OrderList />
    </div>
  )
}
