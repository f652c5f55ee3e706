import { IsRestoringProvider, QueryClientProvider, type QueryClient } from '@tanstack/react-query'
import { useEffect, useState, type ReactNode } from 'react'
import { liveStatus } from '~/lib/live-status'

/**
 * Provides the request's QueryClient. In the browser it is also persisted (offline-support.ts),
 * and the tab joins the browser's live events (live/live-connection.ts). The code of both is
 * loaded once the page is interactive, not with the page; until the cache is restored, queries
 * wait for it as they would under Query's PersistQueryClientProvider (`useIsRestoring()` is true).
 * If either cannot be loaded (a chunk gone after a deploy, the network lost just after the page),
 * the page goes on without it: queries run without a restored cache, and data the live events
 * would have kept current is polled, as when the stream is down.
 */
export function QueryProvider({ client, children }: { client: QueryClient; children: ReactNode }) {
  if (import.meta.env.SSR) return <QueryClientProvider client={client}>{children}</QueryClientProvider>
  return <PersistedQueryProvider client={client}>{children}</PersistedQueryProvider>
}

function PersistedQueryProvider({ client, children }: { client: QueryClient; children: ReactNode }) {
  const [isRestoring, setIsRestoring] = useState(true)
  useEffect(() => {
    let stop: (() => void) | undefined
    let unmounted = false
    import('./offline-support').then(
      ({ startOfflineSupport }) => {
        if (!unmounted) stop = startOfflineSupport(client, { onRestored: () => setIsRestoring(false) })
      },
      () => setIsRestoring(false),
    )
    return () => {
      unmounted = true
      stop?.()
    }
  }, [client])
  // The server's live events: one connection per browser, shared by its tabs.
  useEffect(() => {
    let stop: (() => void) | undefined
    let unmounted = false
    import('./live/live-connection').then(
      ({ startLiveEvents }) => {
        if (!unmounted) stop = startLiveEvents(client)
      },
      () => liveStatus.set('down'),
    )
    return () => {
      unmounted = true
      stop?.()
    }
  }, [client])
  return (
    <QueryClientProvider client={client}>
      <IsRestoringProvider value={isRestoring}>{children}</IsRestoringProvider>
    </QueryClientProvider>
  )
}
