/**
 * Messages for the shopper that outlive the component that caused them: a cart change that the
 * server refused after its button is gone still has to be explained. Mutations push here; the
 * notice region in the root layout shows them. Browser-only in practice: nothing on the server
 * pushes, and the region renders an empty list there.
 */
export type Notice = { id: number; tone: 'error' | 'info'; message: string }

const AUTO_DISMISS_MS = 8_000

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

export function notify(tone: Notice['tone'], message: string) {
  const id = nextId++
  // The same message twice in a row (two refused clicks) shows once.
  publish([...notices.filter((notice) => notice.message !== message), { id, tone, message }])
  setTimeout(() => dismissNotice(id), AUTO_DISMISS_MS)
}

export const noticeStore = {
  subscribe(listener: () => void) {
    listeners.add(listener)
    return () => listeners.delete(listener)
  },
  getSnapshot: () => notices,
  getServerSnapshot: (): readonly Notice[] => [],
}

export function dismissAllNotices() {
  publish([])
}
