import { useSuspenseQuery } from '@tanstack/react-query'
import { createFileRoute, notFound } from '@tanstack/react-router'
import { NotFoundPage } from '~/components/not-found-page'
import { catalogQueries } from '~/features/catalog/catalog.queries'
import { ProductListing } from '~/features/catalog/components/product-listing'
import { isCategorySlug } from '~/features/catalog/catalog.schemas'
import { canonicalCategoryPath, listingSearchSchema, toListFilters } from '~/features/catalog/listing-search'
import { ensureQuery } from '~/lib/ensure-query'
import { absoluteUrl } from '~/lib/origin'
import { AddToCartButton } from '~/features/cart/components/add-to-cart-button'

export const Route = createFileRoute('/categories/$slug')({
  validateSearch: listingSearchSchema,
  loaderDeps: ({ search }) => ({ search }),
  loader: async ({ params, deps: { search }, context: { queryClient } }) => {
    // A slug that cannot exist is a 404 here, not a 400 from the API turned into an error page.
    if (!isCategorySlug(params.slug)) throw notFound()
    // Categories are almost always cached (the root loader ensures them), so checking first costs
    // nothing and keeps an unknown category from fetching, caching and shipping an empty list.
    const categories = await ensureQuery(queryClient, catalogQueries.categories())
    const category = categories.find((candidate) => candidate.slug === params.slug)
    if (!category) throw notFound()
    await ensureQuery(queryClient, catalogQueries.list(toListFilters(search, params.slug)))
    return { categoryName: category.name }
  },
  head: ({ loaderData, params, match }) =>
    loaderData
      ? {
          meta: [{ title: `${loaderData.categoryName} — Cartwheel` }],
          links: [{ rel: 'canonical', href: absoluteUrl(canonicalCategoryPath(params.slug, match.search)) }],
        }
      : { meta: [{ title: 'Category not found — Cartwheel' }] },
  notFoundComponent: () => <NotFoundPage what="category" />,
  component: CategoryPage,
})

function CategoryPage() {
  const { slug } = Route.useParams()
  const search = Route.useSearch()
  const { data: categories } = useSuspenseQuery(catalogQueries.categories())
  const category = categories.find((candidate) => candidate.slug === slug)
  return (
    <div className="space-y-6">
      <h1 className="font-display text-3xl">{category?.name}</h1>
      <ProductListing filters={toListFilters(search, slug)} search={search} label={`${category?.name ?? ''} products`} cardAction={AddToCartButton} />
    </div>
  )
}
