import { useSyncExternalStore } from 'react'
import { dismissNotice, noticeStore } from '~/lib/notices'

/** Where notices appear: announced by screen readers, dismissible from the keyboard. */
export function NoticeRegion() {
  const notices = useSyncExternalStore(noticeStore.subscribe, noticeStore.getSnapshot, noticeStore.getServerSnapshot)
  return (
    <div className="pointer-events-none fixed inset-x-0 bottom-4 z-50 flex flex-col items-center gap-2 px-4">
      {notices.map((notice) => (
        <div
          key={notice.id}
          role={notice.tone === 'error' ? 'alert' : 'status'}
          className={`pointer-events-auto flex max-w-lg items-start gap-3 rounded-lg px-4 py-3 text-sm shadow-lg ${
            notice.tone === 'error' ? 'bg-red-800 text-white' : 'bg-stone-900 text-white'
          }`}
        >
          <p>{notice.message}</p>
          <button type="button" onClick={() => dismissNotice(notice.id)} className="ml-auto rounded px-1 underline-offset-2 hover:underline">
            Dismiss
          </button>
        </div>
      ))}
    </div>
  )
}
