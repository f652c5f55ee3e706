import { createFileRoute } from '@tanstack/react-router'
import { z } from 'zod/mini'
import { AdminOrderTable } from '~/features/orders/components/admin-order-table'
import { adminOrderQueries } from '~/features/orders/order-admin.queries'

// A bad value in the address falls back to the default instead of failing the page.
const searchSchema = z.object({
  status: z.catch(z.optional(z.enum(['placed', 'shipped', 'cancelled'])), undefined),
  page: z.catch(z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(1_000_000)), 1), 1),
})

export const Route = createFileRoute('/admin/_console/orders')({
  validateSearch: searchSchema,
  loaderDeps: ({ search }) => search,
  loader: ({ deps, context: { queryClient } }) => queryClient.ensureQueryData(adminOrderQueries.list({ ...deps, pageSize: 50 })).then(() => undefined),
  head: () => ({ meta: [{ title: 'Orders — Cartwheel admin' }] }),
  component: OrdersPage,
})

function OrdersPage() {
  const search = Route.useSearch()
  return (
    <div className="space-y-4">
      <h1 className="font-display text-3xl">Orders</h1>
      <AdminOrderTable filters={{ ...search, pageSize: 50 }} />
    </div>
  )
}
