import { onlineManager, QueryClientProvider, type QueryClient } from '@tanstack/react-query'
import { PersistQueryClientProvider } from '@tanstack/react-query-persist-client'
import { useEffect, useState, type ReactNode } from 'react'
import { createPersistOptions } from './lib/offline-persistence'
import { sendQueuedCartChanges } from './offline-sync'

/**
 * Provides the request's QueryClient. In the browser it is also persisted: restored from IndexedDB
 * after hydration (the restore only fills in what the server did not send, and never replaces
 * newer data), then saved as the cache changes. Queued cart changes are sent once restored and on
 * every reconnect.
 */
export function QueryProvider({ client, children }: { client: QueryClient; children: ReactNode }) {
  if (import.meta.env.SSR) return <QueryClientProvider client={client}>{children}</QueryClientProvider>
  return <PersistedQueryProvider client={client}>{children}</PersistedQueryProvider>
}

function PersistedQueryProvider({ client, children }: { client: QueryClient; children: ReactNode }) {
  const [persistOptions] = useState(createPersistOptions)
  useEffect(
    () =>
      onlineManager.subscribe((online) => {
        if (online) void sendQueuedCartChanges(client)
      }),
    [client],
  )
  return (
    <PersistQueryClientProvider client={client} persistOptions={persistOptions} onSuccess={() => sendQueuedCartChanges(client)}>
      {children}
    </PersistQueryClientProvider>
  )
}
