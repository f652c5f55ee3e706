import { queryOptions } from '@tanstack/react-query'
import { apiGet } from '~/lib/api-client'
import { eventCursorSchema } from './live-events'

export const liveKeys = {
  all: ['live'] as const,
  cursor: () => [...liveKeys.all, 'cursor'] as const,
}

export const liveQueries = {
  /**
   * The newest event id when the server rendered this page, read before any of the page's data
   * (the root route's beforeLoad): the browser's first connection resumes from it, so a change
   * committed between the render and the connection still arrives. Never refetched: later events
   * move the resume point, not this query.
   */
  cursor: () =>
    queryOptions({
      queryKey: liveKeys.cursor(),
      queryFn: ({ signal }) => apiGet('/api/events/cursor', eventCursorSchema, { signal }),
      staleTime: Infinity,
      gcTime: Infinity,
    }),
}
