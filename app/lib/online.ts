import { onlineManager } from '@tanstack/react-query'
import { useSyncExternalStore } from 'react'

/**
 * Query's online state follows the browser: it listens to the `online` and `offline` events, and
 * this sets where it starts (Query assumes online until told otherwise). Browser only.
 */
export function followBrowserConnection() {
  onlineManager.setOnline(navigator.onLine)
}

const subscribe = (listener: () => void) => onlineManager.subscribe(listener)

/** Whether Query considers the browser online. The server, and hydration, say online. */
export function useOnline() {
  return useSyncExternalStore(subscribe, () => onlineManager.isOnline(), () => true)
}
