import { QueryClient, type DefaultError, type QueryExecuteOptions, type QueryKey } from '@tanstack/react-query'
import { isApiError } from './api-error'

const MAX_QUERY_RETRIES = 3

/** One QueryClient per SSR request and one per browser tab; see app/router.tsx. */
export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Every query spreads a tier from app.config.ts; this floor only guards a query that forgot,
        // so that nothing refetches on hydration.
        staleTime: 10_000,
        // A 4xx answer will not change by asking again; network errors and 5xx might.
        retry: (failureCount, error) => failureCount < MAX_QUERY_RETRIES && !(isApiError(error) && error.status < 500),
      },
    },
  })
}

/**
 * What a loader does with a page's queries: resolve from the cache when there is data, fetch when
 * there is none. Stale data is shown at once and the component's observer revalidates it, so a
 * navigation never waits for a refetch.
 */
export function ensureQuery<TQueryFnData, TError = DefaultError, TData = TQueryFnData, TQueryKey extends QueryKey = QueryKey>(
  client: QueryClient,
  options: QueryExecuteOptions<TQueryFnData, TError, TData, TQueryFnData, TQueryKey>,
): Promise<TData> {
  return client.query({ ...options, staleTime: 'static' })
}
