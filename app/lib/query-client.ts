import { isServer, noop, QueryClient, type DefaultError, type QueryExecuteOptions, type QueryKey } from '@tanstack/react-query'
import { ZodError } from 'zod'
import { isApiError } from './api-error'

const MAX_QUERY_RETRIES = 3

/** Whether asking again could give another answer: a 4xx or an answer we cannot read will not. */
export function shouldRetryQuery(failureCount: number, error: unknown) {
  if (failureCount >= MAX_QUERY_RETRIES) return false
  if (error instanceof ZodError) return false
  return !(isApiError(error) && error.status < 500)
}

/** One QueryClient per SSR request and one per browser tab; see app/router.tsx. */
export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Every query spreads a tier from app.config.ts; this floor only guards a query that forgot,
        // so that nothing refetches on hydration.
        staleTime: 10_000,
        // The server renders with what it has and lets the browser retry: a page must not hang on backoff.
        retry: isServer ? false : shouldRetryQuery,
      },
    },
  })
}

/**
 * What a loader does with each query its page renders: resolve from the cache when there is data,
 * fetch when there is none, and when the cached data is stale, refresh it in the background. So a
 * navigation never waits on a refetch, and a hover preload leaves fresh data for the click.
 */
export function ensureQuery<TQueryFnData, TError = DefaultError, TData = TQueryFnData, TQueryKey extends QueryKey = QueryKey>(
  client: QueryClient,
  options: QueryExecuteOptions<TQueryFnData, TError, TData, TQueryFnData, TQueryKey>,
): Promise<TData> {
  const cachedOrFetched = client.query({ ...options, staleTime: 'static' })
  // Fetches only if the data is stale by the query's own staleTime; a fetch in flight is shared.
  if (client.getQueryState(options.queryKey)?.data !== undefined) client.query(options).catch(noop)
  return cachedOrFetched
}
