import { createFileRoute } from '@tanstack/react-router'
import { CartView } from '~/features/cart/components/cart-view'
import { cartQueries } from '~/features/cart/cart.queries'
import { ensureQuery } from '~/lib/ensure-query'

export const Route = createFileRoute('/cart')({
  // The cart is read from the cookie on the server, so a reload paints the lines with no flash.
  loader: async ({ context: { queryClient } }) => {
    await ensureQuery(queryClient, cartQueries.detail())
  },
  head: () => ({ meta: [{ title: 'Your cart — Cartwheel' }, { name: 'robots', content: 'noindex' }] }),
  component: CartPage,
})

function CartPage() {
  return (
    <div className="space-y-6">
      <h1 className="font-display text-3xl">Your cart</h1>
      <CartView />
    </div>
  )
}
