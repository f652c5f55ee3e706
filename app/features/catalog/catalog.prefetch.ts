import { hashKey, noop, useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { canPrefetch } from '~/lib/prefetch-policy'
import { catalogQueries } from './catalog.queries'
import type { ProductListFilters } from './catalog.schemas'

// Waiting a moment keeps a shopper paging quickly from queuing a prefetch for every page passed.
export const NEXT_PAGE_PREFETCH_DELAY_MS = 400

/**
 * While a shopper reads one page of a listing, fetches the next one, so "Next" opens at once.
 * Skipped on the last page and when the shopper saves data; Query skips it when already fresh.
 */
export function usePrefetchNextListingPage(filters: ProductListFilters, totalPages: number) {
  const queryClient = useQueryClient()
  const next = filters.page < totalPages ? catalogQueries.list({ ...filters, page: filters.page + 1 }) : null
  const nextHash = next ? hashKey(next.queryKey) : null

  useEffect(() => {
    if (!next || !canPrefetch()) return
    const timer = setTimeout(() => queryClient.query(next).catch(noop), NEXT_PAGE_PREFETCH_DELAY_MS)
    return () => clearTimeout(timer)
    // `next` is rebuilt on every render; its key's hash is what identifies it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [queryClient, nextHash])
}
