import { useQueryClient, type QueryKey } from '@tanstack/react-query'
import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react'
import { cascadeEntries, savedRequests, type CascadeEntry } from '~/query/cascade-log'

/** One part of a key as a person reads it: filters as `name: value`, id lists in brackets. */
function keyPart(part: unknown): string {
  if (Array.isArray(part)) return `[${part.map(keyPart).join(', ')}]`
  if (part !== null && typeof part === 'object') {
    const fields = Object.entries(part).filter(([, value]) => value !== undefined)
    return `{${fields.map(([name, value]) => `${name}: ${keyPart(value)}`).join(', ')}}`
  }
  return String(part)
}

export const formatQueryKey = (key: QueryKey) => key.map(keyPart).join(' › ')

const requests = (count: number) => `${count} ${count === 1 ? 'request' : 'requests'}`

const effects = [
  { field: 'wrote', title: 'Wrote' },
  { field: 'stale', title: 'Marked stale' },
  { field: 'refetched', title: 'Refetched' },
] as const

function Entry({ entry }: { entry: CascadeEntry }) {
  const titleId = `cascade-entry-${entry.id}`
  return (
    <li aria-labelledby={titleId} className="border-b border-stone-200 py-3 last:border-b-0">
      <p className="flex flex-wrap items-baseline gap-x-2 text-xs text-stone-500">
        <time dateTime={new Date(entry.at).toISOString()}>{new Date(entry.at).toLocaleTimeString()}</time>
        <span className={entry.source === 'mutation' ? 'font-medium text-sky-800' : 'font-medium text-violet-800'}>
          {entry.source === 'mutation' ? 'mutation' : 'server event'}
        </span>
      </p>
      <h3 id={titleId} className="mt-0.5 text-sm font-medium break-words text-stone-900">
        {entry.label}
      </h3>
      <dl className="mt-2 space-y-1 text-xs">
        {effects.map(({ field, title }) => (
          <div key={field} className="flex gap-2">
            <dt className="w-24 shrink-0 text-stone-500">{title}</dt>
            <dd className="min-w-0">
              {entry[field].length === 0 ? (
                <span className="text-stone-400">nothing</span>
              ) : (
                <ul aria-label={title}>
                  {entry[field].map((key) => (
                    <li key={formatQueryKey(key)}>
                      <code className="break-words text-stone-800">{formatQueryKey(key)}</code>
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </div>
        ))}
      </dl>
      <p className="mt-2 text-xs text-emerald-800">
        Saved {requests(savedRequests(entry))} vs invalidating everything ({entry.active} on screen, {entry.refetched.length} refetched)
      </p>
    </li>
  )
}

function EmptyState() {
  return (
    <div className="space-y-2 text-sm text-stone-600">
      <p>Nothing has changed the cache since this page opened.</p>
      <p>
        Each change you make and each update the server pushes appears here, newest first, with the query keys it wrote, marked stale or refetched. Add
        something to the cart, or open <code>/admin/inventory</code> in another window and restock a product shown here.
      </p>
    </div>
  )
}

/**
 * The cascade inspector: every mutation outcome and live server event of this tab, as the cascade
 * log (app/query/cascade-log.ts) recorded them. Loaded only when a shopper opens it
 * (site-footer.tsx); closing it unmounts it, so it stops listening.
 */
export default function CascadeInspector({ onClose }: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null)
  const closeButton = useRef<HTMLButtonElement>(null)
  const client = useQueryClient()
  const log = useMemo(() => cascadeEntries(client), [client])
  const entries = useSyncExternalStore(log.subscribe, log.get, log.get)
  const saved = entries.reduce((total, entry) => total + savedRequests(entry), 0)

  useEffect(() => {
    dialog.current?.showModal()
    // Browsers differ on what showModal focuses when nothing has the autofocus attribute.
    closeButton.current?.focus()
  }, [])

  return (
    <dialog
      ref={dialog}
      aria-labelledby="cascade-inspector-title"
      onClose={onClose}
      className="my-0 mr-0 ml-auto h-dvh text-left max-h-dvh w-full max-w-md overflow-y-auto bg-white p-4 shadow-xl backdrop:bg-black/30 sm:p-6"
    >
      <div className="flex items-start justify-between gap-4">
        <h2 id="cascade-inspector-title" className="font-display text-xl">
          Cache inspector
        </h2>
        <button ref={closeButton} type="button" onClick={() => dialog.current?.close()} className="rounded border border-stone-300 px-3 py-1 text-sm">
          Close
        </button>
      </div>
      <p className="mt-2 text-xs text-stone-500">What each change and each server event did to this tab's query cache.</p>
      {entries.length === 0 ? (
        <div className="mt-4">
          <EmptyState />
        </div>
      ) : (
        <>
          <p role="status" className="mt-4 rounded bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
            Saved {requests(saved)} vs invalidating everything, over {entries.length} {entries.length === 1 ? 'entry' : 'entries'}
          </p>
          <ol aria-label="Cascade entries, newest first" className="mt-2">
            {entries.map((entry) => (
              <Entry key={entry.id} entry={entry} />
            ))}
          </ol>
        </>
      )}
    </dialog>
  )
}
