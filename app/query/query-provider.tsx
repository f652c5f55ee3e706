import { focusManager, onlineManager, QueryClientProvider, type QueryClient } from '@tanstack/react-query'
import { PersistQueryClientProvider, persistQueryClientSave } from '@tanstack/react-query-persist-client'
import { useEffect, useState, type ReactNode } from 'react'
import { startLiveEvents } from './live/live-connection'
import { startOutbox } from './mutation-outbox'
import { createPersistOptions, isOutboxChange } from './offline-persistence'
import { adoptQueuedCartChanges } from './offline-sync'

/**
 * Provides the request's QueryClient. In the browser it is also persisted: restored from IndexedDB
 * after hydration (the restore only fills in what the server did not send), then saved as the
 * cache changes; unanswered cart changes go to the outbox as they start. Changes left by closed
 * tabs are adopted once restored, on every reconnect and whenever the tab regains focus, and sent
 * by Query's own `resumePausedMutations`, which also sends this tab's queued ones on reconnect.
 * And the tab joins the browser's live events (live/live-connection.ts).
 */
export function QueryProvider({ client, children }: { client: QueryClient; children: ReactNode }) {
  if (import.meta.env.SSR) return <QueryClientProvider client={client}>{children}</QueryClientProvider>
  return <PersistedQueryProvider client={client}>{children}</PersistedQueryProvider>
}

/**
 * Once restored: save at once what the server rendered (the persister saves on cache changes, and
 * a page may see none before the shopper goes offline), then adopt the changes of closed tabs. Not
 * awaited: the provider waits for this before queries may subscribe, and sending can take long.
 */
function onRestored(client: QueryClient, persistOptions: ReturnType<typeof createPersistOptions>) {
  void persistQueryClientSave({ queryClient: client, ...persistOptions })
  void adoptQueuedCartChanges(client)
}

function PersistedQueryProvider({ client, children }: { client: QueryClient; children: ReactNode }) {
  const [persistOptions] = useState(() => createPersistOptions(client))
  useEffect(() => startOutbox(client, { keeps: isOutboxChange }), [client])
  // The server's live events: one connection per browser, shared by its tabs.
  useEffect(() => startLiveEvents(client), [client])
  // Back online, or back to this tab: take over what tabs closed meanwhile left.
  useEffect(() => {
    const sync = () => void adoptQueuedCartChanges(client)
    const stopOnline = onlineManager.subscribe((online) => online && sync())
    const stopFocus = focusManager.subscribe((focused) => focused && sync())
    return () => {
      stopOnline()
      stopFocus()
    }
  }, [client])
  return (
    <PersistQueryClientProvider client={client} persistOptions={persistOptions} onSuccess={() => onRestored(client, persistOptions)}>
      {children}
    </PersistQueryClientProvider>
  )
}
