import { createFileRoute } from '@tanstack/react-router'
import { catalogQueries } from '~/features/catalog/catalog.queries'
import { ProductListing } from '~/features/catalog/components/product-listing'
import { listingSearchSchema, toListFilters } from '~/features/catalog/listing-search'
import { ensureQuery } from '~/lib/ensure-query'
import { AddToCartButton } from '~/features/cart/components/add-to-cart-button'

export const Route = createFileRoute('/search')({
  validateSearch: listingSearchSchema,
  loaderDeps: ({ search }) => ({ search }),
  loader: async ({ deps: { search }, context: { queryClient } }) => {
    await ensureQuery(queryClient, catalogQueries.list(toListFilters(search)))
  },
  // Search results are a page per query typed: search engines ask shops to keep them out of
  // their index (products and categories reach it through the sitemap), but to follow their links.
  // No canonical link: pointing a page that is not to be indexed at another one mixes the signals.
  head: ({ match }) => ({
    meta: [{ title: match.search.q ? `“${match.search.q}” — Cartwheel search` : 'All products — Cartwheel' }, { name: 'robots', content: 'noindex, follow' }],
  }),
  component: SearchPage,
})

function SearchPage() {
  const search = Route.useSearch()
  return (
    <div className="space-y-6">
      <h1 className="font-display text-3xl">{search.q ? `Results for “${search.q}”` : 'All products'}</h1>
      <ProductListing filters={toListFilters(search)} search={search} label="Search results" cardAction={AddToCartButton} />
    </div>
  )
}
