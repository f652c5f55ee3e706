import { useSuspenseQuery } from '@tanstack/react-query'
import { createFileRoute, Link, useNavigate } from '@tanstack/react-router'
import { ProductCreateForm } from '~/features/inventory/components/product-form'
import { catalogAdminQueries } from '~/features/inventory/catalog-admin.queries'

export const Route = createFileRoute('/admin/_console/products/new')({
  loader: ({ context: { queryClient } }) => queryClient.ensureQueryData(catalogAdminQueries.categories()).then(() => undefined),
  head: () => ({ meta: [{ title: 'New product — Cartwheel admin' }] }),
  component: NewProductPage,
})

function NewProductPage() {
  const { data: categories } = useSuspenseQuery(catalogAdminQueries.categories())
  const navigate = useNavigate()
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <Link to="/admin/inventory" className="text-sm underline">
          ← Inventory
        </Link>
        <h1 className="font-display text-3xl">New product</h1>
      </div>
      <ProductCreateForm categories={categories} onCreated={({ product }) => void navigate({ to: '/admin/products/$productId', params: { productId: product.id } })} />
    </div>
  )
}
