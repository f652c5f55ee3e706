import { focusManager, onlineManager, type QueryClient } from '@tanstack/react-query'
import { persistQueryClientRestore, persistQueryClientSave, persistQueryClientSubscribe } from '@tanstack/react-query-persist-client'
import { startOutbox } from './mutation-outbox'
import { createPersistOptions, isOutboxChange } from './offline-persistence'
import { adoptQueuedCartChanges } from './offline-sync'

/**
 * Everything that keeps this browser's cart across reloads, started once the page is interactive
 * (query-provider.tsx loads this module then, so none of it is in a page's first load): the
 * outbox records unanswered cart changes as they start; the cache is restored from IndexedDB (only
 * what the server did not send), saved at once (the persister saves on cache changes, and a page
 * may see none before the shopper goes offline), then saved as it changes; the changes of closed
 * tabs are adopted once restored, on every reconnect and whenever the tab regains focus, and sent
 * by Query's own `resumePausedMutations`. `onRestored` runs when the restore has finished, failed
 * or not. Returns the function that stops it all.
 */
export function startOfflineSupport(client: QueryClient, { onRestored }: { onRestored: () => void }) {
  const options = { ...createPersistOptions(client), queryClient: client }
  const stopOutbox = startOutbox(client, { keeps: isOutboxChange })
  let stopped = false
  let stopSaving = () => {}
  void persistQueryClientRestore(options)
    .then(() => {
      // Not awaited: sending what closed tabs left can take long.
      void persistQueryClientSave(options)
      void adoptQueuedCartChanges(client)
    })
    .catch(() => {})
    .finally(() => {
      if (stopped) return
      stopSaving = persistQueryClientSubscribe(options)
      onRestored()
    })
  // Back online, or back to this tab: take over what tabs closed meanwhile left.
  const sync = () => void adoptQueuedCartChanges(client)
  const stopOnline = onlineManager.subscribe((online) => online && sync())
  const stopFocus = focusManager.subscribe((focused) => focused && sync())
  return () => {
    stopped = true
    stopOutbox()
    stopSaving()
    stopOnline()
    stopFocus()
  }
}
