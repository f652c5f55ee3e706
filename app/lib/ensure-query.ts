import { noop, onlineManager, type DefaultError, type QueryClient, type QueryExecuteOptions, type QueryKey } from '@tanstack/react-query'
import { NetworkError } from './api-error'

/**
 * What a loader does with each query its page renders: resolve from the cache when there is data,
 * fetch when there is none, and when the cached data is stale, refresh it in the background. So a
 * navigation never waits on a refetch, and a hover preload leaves fresh data for the click.
 */
export function ensureQuery<TQueryFnData, TError = DefaultError, TData = TQueryFnData, TQueryKey extends QueryKey = QueryKey>(
  client: QueryClient,
  options: QueryExecuteOptions<TQueryFnData, TError, TData, TQueryFnData, TQueryKey>,
): Promise<TData> {
  const cached = client.getQueryState(options.queryKey)?.data !== undefined
  // Offline, Query pauses a fetch until the connection returns; a navigation must fail instead.
  if (!cached && !onlineManager.isOnline()) return Promise.reject(new NetworkError())
  const cachedOrFetched = client.query({ ...options, staleTime: 'static' })
  // Fetches only if the data is stale by the query's own staleTime; a fetch in flight is shared.
  if (cached) client.query(options).catch(noop)
  return cachedOrFetched
}
