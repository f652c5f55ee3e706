import { createFileRoute, useNavigate } from '@tanstack/react-router'
import { cartQueries } from '~/features/cart/cart.queries'
import { ensureQuery } from '~/lib/ensure-query'
import { CheckoutPage } from '~/pages/checkout-page'

export const Route = createFileRoute('/checkout')({
  // The cart is read from the cookie on the server, so the summary is in the first HTML.
  loader: async ({ context: { queryClient } }) => {
    await ensureQuery(queryClient, cartQueries.detail())
  },
  head: () => ({ meta: [{ title: 'Checkout — Cartwheel' }, { name: 'robots', content: 'noindex' }] }),
  component: CheckoutRoute,
})

function CheckoutRoute() {
  const navigate = useNavigate()
  return <CheckoutPage onPlaced={(order) => navigate({ to: '/checkout/confirmation/$orderId', params: { orderId: order.id } })} />
}
