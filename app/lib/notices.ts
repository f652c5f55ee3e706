/**
 * Messages for the shopper that outlive the component that caused them: a cart change that the
 * server refused after its button is gone still has to be explained. Mutations push here; the
 * notice region in the root layout shows them. Browser-only in practice: nothing on the server
 * pushes, and the region renders an empty list there.
 */
export type Notice = { id: number; message: string; key: string | undefined }

// Notices stay until dismissed (no time limit to read them); the oldest go when more arrive.
const MAX_NOTICES = 3

let notices: readonly Notice[] = []
let nextId = 1
const listeners = new Set<() => void>()

function publish(next: readonly Notice[]) {
  notices = next
  for (const listener of listeners) listener()
}

export function dismissNotice(id: number) {
  publish(notices.filter((notice) => notice.id !== id))
}

export function dismissAllNotices() {
  publish([])
}

/**
 * Tells the shopper something went wrong. The same message twice (two refused clicks) shows once,
 * and a notice with a `key` replaces the older one with that key: the latest word on one cart
 * line is the one that counts.
 */
export function notifyError(message: string, { key }: { key?: string } = {}) {
  const kept = notices.filter((notice) => notice.message !== message && (key === undefined || notice.key !== key))
  publish([...kept, { id: nextId++, message, key }].slice(-MAX_NOTICES))
}

export const noticeStore = {
  subscribe(listener: () => void) {
    listeners.add(listener)
    return () => listeners.delete(listener)
  },
  getSnapshot: () => notices,
  getServerSnapshot: (): readonly Notice[] => [],
}
