import { useSuspenseQuery } from '@tanstack/react-query'
import { Link, createFileRoute } from '@tanstack/react-router'
import { NotFoundPage } from '~/components/not-found-page'
import { OrderDetails } from '~/features/orders/components/order-details'
import { loadOrder } from '~/features/orders/load-order'
import { orderQueries } from '~/features/orders/orders.queries'

export const Route = createFileRoute('/checkout_/confirmation/$orderId')({
  // Right after checkout the order is already cached (written from the answer): no request.
  loader: async ({ params, context: { queryClient } }) => ({ orderId: (await loadOrder(queryClient, params.orderId)).id }),
  head: () => ({ meta: [{ title: 'Thank you for your order — Cartwheel' }, { name: 'robots', content: 'noindex' }] }),
  notFoundComponent: () => <NotFoundPage what="order" />,
  component: ConfirmationPage,
})

function ConfirmationPage() {
  const { orderId } = Route.useLoaderData()
  const { data: order } = useSuspenseQuery(orderQueries.detail(orderId))
  return (
    <div className="space-y-8">
      <header className="space-y-2">
        <p className="text-sm font-semibold tracking-wide text-accent uppercase">Order placed</p>
        <h1 className="font-display text-3xl">Thank you, {order.name}</h1>
        <p className="text-stone-700">
          Your order number is <strong className="font-mono">{order.number}</strong>. Keep it to ask us about your order; it is also
          listed in{' '}
          <Link to="/orders" className="underline">
            your orders
          </Link>
          .
        </p>
      </header>
      <OrderDetails order={order} />
      <Link to="/" className="inline-block rounded-md border border-stone-300 px-4 py-2">
        Continue shopping
      </Link>
    </div>
  )
}
