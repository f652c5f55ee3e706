import { useSyncExternalStore } from 'react'
import { dismissNotice, noticeStore } from '~/lib/notices'

/**
 * Where notices appear. The alert region is always in the page, so screen readers announce each
 * notice added to it; every notice stays until its Dismiss button is used.
 */
export function NoticeRegion() {
  const notices = useSyncExternalStore(noticeStore.subscribe, noticeStore.getSnapshot, noticeStore.getServerSnapshot)
  return (
    <div role="alert" className="pointer-events-none fixed inset-x-0 bottom-4 z-50 flex flex-col items-center gap-2 px-4">
      {notices.map((notice) => (
        <div key={notice.id} className="pointer-events-auto flex max-w-lg items-start gap-3 rounded-lg bg-red-800 px-4 py-3 text-sm text-white shadow-lg">
          <p>{notice.message}</p>
          <button
            type="button"
            onClick={() => dismissNotice(notice.id)}
            aria-label={`Dismiss: ${notice.message}`}
            className="ml-auto rounded px-1 underline-offset-2 hover:underline"
          >
            Dismiss
          </button>
        </div>
      ))}
    </div>
  )
}
