import { useSuspenseQuery } from '@tanstack/react-query'
import { Link, createFileRoute } from '@tanstack/react-router'
import { catalogQueries } from '~/features/catalog/catalog.queries'
import { ProductGrid } from '~/features/catalog/components/product-grid'
import { ensureQuery } from '~/lib/ensure-query'
import { formatCount } from '~/lib/format-count'
import { absoluteUrl } from '~/lib/origin'
import { AddToCartButton } from '~/features/cart/components/add-to-cart-button'

const featured = catalogQueries.list({ sort: 'newest', inStock: true, pageSize: 8 })

export const Route = createFileRoute('/')({
  loader: async ({ context: { queryClient } }) => {
    await ensureQuery(queryClient, featured)
  },
  head: () => ({ links: [{ rel: 'canonical', href: absoluteUrl('/') }] }),
  component: HomePage,
})

function HomePage() {
  const { data: products, dataUpdatedAt } = useSuspenseQuery(featured)
  const { data: categories } = useSuspenseQuery(catalogQueries.categories())
  return (
    <div className="space-y-12">
      <section className="rounded-xl bg-stone-900 px-8 py-12 text-stone-50">
        <h1 className="font-display text-4xl">Things for rooms you live in</h1>
        <p className="mt-3 max-w-xl text-stone-300">Solid desks, honest chairs, warm light. New arrivals every week, shipped from our own warehouse.</p>
        <Link to="/search" search={{ sort: 'newest' }} className="mt-6 inline-block rounded-md bg-white px-4 py-2 text-stone-900">
          Browse everything
        </Link>
      </section>
      <section aria-labelledby="featured-heading">
        <h2 id="featured-heading" className="mb-4 font-display text-2xl">
          New arrivals
        </h2>
        <ProductGrid products={products.items} label="New arrivals" listedAt={dataUpdatedAt} cardAction={AddToCartButton} />
      </section>
      <section aria-labelledby="categories-heading">
        <h2 id="categories-heading" className="mb-4 font-display text-2xl">
          Shop by category
        </h2>
        <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4">
          {categories.map((category) => (
            <li key={category.slug}>
              <Link
                to="/categories/$slug"
                params={{ slug: category.slug }}
                className="flex items-baseline justify-between rounded-lg border border-stone-200 bg-white px-4 py-3 hover:shadow"
              >
                <span className="font-medium">{category.name}</span>
                <span className="text-xs text-stone-500">{formatCount(category.productCount)}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </div>
  )
}
