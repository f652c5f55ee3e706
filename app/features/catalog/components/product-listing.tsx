import { useSuspenseQuery } from '@tanstack/react-query'
import { formatCount } from '~/lib/format-count'
import { catalogQueries, normalizeListFilters } from '../catalog.queries'
import type { ProductListFilters, SortOption } from '../catalog.schemas'
import type { ListingSearch } from '../listing-search'
import { EmptyListing } from './empty-listing'
import { ListingFilters } from './listing-filters'
import { Pagination } from './pagination'
import type { CardAction } from './product-card'
import { ProductGrid } from './product-grid'

type ProductListingProps = { filters: Partial<ProductListFilters>; search: ListingSearch; label: string; cardAction?: CardAction }

export function ProductListing({ filters, search, label, cardAction }: ProductListingProps) {
  const normalized = normalizeListFilters(filters)
  const { data, dataUpdatedAt } = useSuspenseQuery(catalogQueries.list(normalized))
  const defaultSort: SortOption = normalized.q ? 'relevance' : 'newest'
  const first = (data.page - 1) * data.pageSize + 1
  const last = first + data.items.length - 1

  return (
    <div className="space-y-6">
      <ListingFilters search={search} defaultSort={defaultSort} />
      <p className="text-sm text-stone-600" aria-live="polite">
        {data.total === 0
          ? 'No products match.'
          : data.items.length === 0
            ? `There are ${formatCount(data.total)} products, on ${formatCount(data.totalPages)} pages.`
            : `Showing ${formatCount(first)}–${formatCount(last)} of ${formatCount(data.total)} products`}
      </p>
      {data.items.length > 0 ? <ProductGrid products={data.items} label={label} listedAt={dataUpdatedAt} cardAction={cardAction} /> : data.total === 0 ? <EmptyListing search={search} /> : null}
      <Pagination page={data.page} totalPages={data.totalPages} />
    </div>
  )
}
