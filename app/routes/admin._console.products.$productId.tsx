import { useQuery, useSuspenseQuery } from '@tanstack/react-query'
import { createFileRoute, Link, notFound } from '@tanstack/react-router'
import { CatalogChangesList } from '~/features/inventory/components/catalog-changes-list'
import { ProductEditForm } from '~/features/inventory/components/product-form'
import { catalogAdminQueries } from '~/features/inventory/catalog-admin.queries'
import { isApiError } from '~/lib/api-error'

export const Route = createFileRoute('/admin/_console/products/$productId')({
  params: {
    parse: ({ productId }) => {
      if (!/^[1-9]\d{0,9}$/.test(productId)) throw notFound()
      return { productId: Number(productId) }
    },
    stringify: ({ productId }) => ({ productId: String(productId) }),
  },
  loader: async ({ params: { productId }, context: { queryClient } }) => {
    try {
      const [product] = await Promise.all([queryClient.ensureQueryData(catalogAdminQueries.product(productId)), queryClient.ensureQueryData(catalogAdminQueries.categories())])
      return { name: product.name }
    } catch (error) {
      if (isApiError(error, 404)) throw notFound()
      throw error
    }
  },
  head: ({ loaderData }) => ({ meta: [{ title: `${loaderData?.name ?? 'Product'} — Cartwheel admin` }] }),
  component: ProductPage,
})

function ProductPage() {
  const { productId } = Route.useParams()
  const { data: product } = useSuspenseQuery(catalogAdminQueries.product(productId))
  const { data: categories = [] } = useQuery(catalogAdminQueries.categories())
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <Link to="/admin/inventory" className="text-sm underline">
          ← Inventory
        </Link>
        <h1 className="font-display text-3xl break-words">{product.name}</h1>
        <p className="text-sm text-stone-600">
          <span className="font-mono">{product.sku}</span> · version {product.version} ·{' '}
          {product.archived ? (
            'off sale'
          ) : (
            <Link to="/products/$slug" params={{ slug: product.slug }} className="underline">
              see it in the shop
            </Link>
          )}
        </p>
      </div>
      {/* Keyed by product: another product's page starts from its own version. */}
      <ProductEditForm key={product.id} product={product} categories={categories} />
      <CatalogChangesList productId={product.id} />
    </div>
  )
}
