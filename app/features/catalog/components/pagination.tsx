import { Link } from '@tanstack/react-router'
import { formatCount } from '~/lib/format-count'

const linkClass = 'rounded-md border border-stone-300 px-3 py-1.5 hover:bg-stone-100'

// Keeps every other search param of the page as it is.
const toPage = (target: number) => <T extends object>(previous: T) => ({ ...previous, page: target === 1 ? undefined : target })

/**
 * Previous / next as real links: they work without JavaScript, and the router preloads their page
 * on intent (pointer resting on one, focus, touch), so the next page is fetched only for a shopper
 * about to open it.
 */
export function Pagination({ page, totalPages }: { page: number; totalPages: number }) {
  if (totalPages === 0) return null
  if (page > totalPages) {
    return (
      <nav aria-label="Pagination" className="mt-8 flex justify-center text-sm">
        <Link to="." search={toPage(totalPages)} className={linkClass}>
          Go to the last page ({formatCount(totalPages)})
        </Link>
      </nav>
    )
  }
  if (totalPages === 1) return null
  return (
    <nav aria-label="Pagination" className="mt-8 flex items-center justify-center gap-4 text-sm">
      {page > 1 ? (
        <Link to="." search={toPage(page - 1)} rel="prev" className={linkClass}>
          ← Previous
        </Link>
      ) : null}
      <span aria-current="page">
        Page {page} of {formatCount(totalPages)}
      </span>
      {page < totalPages ? (
        <Link to="." search={toPage(page + 1)} rel="next" className={linkClass}>
          Next →
        </Link>
      ) : null}
    </nav>
  )
}
