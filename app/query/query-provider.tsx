import { IsRestoringProvider, QueryClientProvider, type QueryClient } from '@tanstack/react-query'
import { useEffect, useState, type ReactNode } from 'react'
import { startLiveEvents } from './live/live-connection'

/**
 * Provides the request's QueryClient. In the browser it is also persisted (offline-support.ts):
 * that code is loaded after hydration, not with the page, and until the cache is restored queries
 * wait for it as they would under Query's PersistQueryClientProvider (`useIsRestoring()` is true).
 * And the tab joins the browser's live events (live/live-connection.ts).
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
    void import('./offline-support').then(({ startOfflineSupport }) => {
      if (!unmounted) stop = startOfflineSupport(client, { onRestored: () => setIsRestoring(false) })
    })
    return () => {
      unmounted = true
      stop?.()
    }
  }, [client])
  // The server's live events: one connection per browser, shared by its tabs.
  useEffect(() => startLiveEvents(client), [client])
  return (
    <QueryClientProvider client={client}>
      <IsRestoringProvider value={isRestoring}>{children}</IsRestoringProvider>
    </QueryClientProvider>
  )
}
