import { Link } from '@tanstack/react-router'
import type { ListingSearch } from '../listing-search'

/** What a listing with no products says, and the way out that fits why it is empty. */
export function EmptyListing({ search }: { search: ListingSearch }) {
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
