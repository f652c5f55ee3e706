import { useSuspenseQuery } from '@tanstack/react-query'
import { Link, createFileRoute } from '@tanstack/react-router'
import { NotFoundPage } from '~/components/not-found-page'
import { OrderDetails } from '~/features/orders/components/order-details'
import { loadOrder } from '~/features/orders/load-order'
import { orderQueries } from '~/features/orders/orders.queries'

export const Route = createFileRoute('/orders/$orderId')({
  loader: async ({ params, context: { queryClient } }) => ({ orderId: (await loadOrder(queryClient, params.orderId)).id }),
  head: ({ loaderData }) => ({ meta: [{ title: loaderData ? 'Your order — Cartwheel' : 'Order not found — Cartwheel' }, { name: 'robots', content: 'noindex' }] }),
  notFoundComponent: () => <NotFoundPage what="order" />,
  component: OrderPage,
})

function OrderPage() {
  const { orderId } = Route.useLoaderData()
  const { data: order } = useSuspenseQuery(orderQueries.detail(orderId))
  return (
    <div className="space-y-6">
      <Link to="/orders" className="text-sm underline underline-offset-2">
        ← All orders
      </Link>
      <h1 className="font-display text-3xl">Order {order.number}</h1>
      <OrderDetails order={order} />
    </div>
  )
}
