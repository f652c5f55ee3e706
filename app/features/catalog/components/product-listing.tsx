import { noop, useQueryClient, useSuspenseQuery } from '@tanstack/react-query'
import { Link } from '@tanstack/react-router'
import { useEffect } from 'react'
import { canPrefetch } from '~/lib/prefetch-policy'
import { catalogQueries, normalizeListFilters } from '../catalog.queries'
import type { ProductListFilters, SortOption } from '../catalog.schemas'
import type { ListingSearch } from '../listing-search'
import { ListingFilters } from './listing-filters'
import { Pagination } from './pagination'
import { ProductGrid } from './product-card'

// Waiting a moment keeps a shopper paging quickly from queuing a prefetch for every page passed.
const NEXT_PAGE_PREFETCH_DELAY_MS = 400

/** Fetches the following page while the shopper reads this one; Query skips it if already fresh. */
function usePrefetchNextPage(filters: ProductListFilters, totalPages: number) {
  const queryClient = useQueryClient()
  const nextPage = filters.page < totalPages ? JSON.stringify({ ...filters, page: filters.page + 1 }) : null
  useEffect(() => {
    if (!nextPage || !canPrefetch()) return
    const timer = setTimeout(() => {
      queryClient.query(catalogQueries.list(JSON.parse(nextPage) as ProductListFilters)).catch(noop)
    }, NEXT_PAGE_PREFETCH_DELAY_MS)
    return () => clearTimeout(timer)
  }, [queryClient, nextPage])
}

function EmptyListing({ search }: { search: ListingSearch }) {
  const filtered = search.min !== undefined || search.max !== undefined || search.inStock !== undefined
  return (
    <div className="rounded-lg border border-dashed border-stone-300 p-12 text-center">
      {filtered ? (
        <>
          <p className="font-medium">Nothing matches these filters.</p>
          <Link to="." search={{ q: search.q, sort: search.sort }} className="mt-4 inline-block underline">
            Clear the price and stock filters
          </Link>
        </>
      ) : (
        <>
          <p className="font-medium">{search.q ? `No products match “${search.q}”.` : 'No products here yet.'}</p>
          <p className="mt-2 text-sm text-stone-600">Try fewer words, or another spelling.</p>
          <Link to="/search" className="mt-4 inline-block underline">
            Browse all products
          </Link>
        </>
      )}
    </div>
  )
}

export function ProductListing({ filters, search, label }: { filters: Partial<ProductListFilters>; search: ListingSearch; label: string }) {
  const normalized = normalizeListFilters(filters)
  const { data } = useSuspenseQuery(catalogQueries.list(normalized))
  usePrefetchNextPage(normalized, data.totalPages)
  const defaultSort: SortOption = normalized.q ? 'relevance' : 'newest'
  const first = (data.page - 1) * data.pageSize + 1
  const last = first + data.items.length - 1

  return (
    <div className="space-y-6">
      <ListingFilters key={JSON.stringify(search)} search={search} defaultSort={defaultSort} />
      <p className="text-sm text-stone-600" aria-live="polite">
        {data.total === 0
          ? 'No products match.'
          : data.items.length === 0
            ? `No products on page ${data.page}; there are ${data.totalPages} pages.`
            : `Showing ${first.toLocaleString('en-US')}–${last.toLocaleString('en-US')} of ${data.total.toLocaleString('en-US')} products`}
      </p>
      {data.items.length > 0 ? (
        <ProductGrid products={data.items} label={label} />
      ) : (
        <EmptyListing search={search} />
      )}
      <Pagination page={data.page} totalPages={data.totalPages} />
    </div>
  )
}
