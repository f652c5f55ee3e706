import { useQuery } from '@tanstack/react-query'
import { inventoryQueries } from '../inventory.queries'
import type { InventoryRow } from '../inventory.schemas'

/** The audit trail of one product: every stock movement, who made it and why, newest first. */
export function HistoryPanel({ row, onClose }: { row: Pick<InventoryRow, 'productId' | 'name'>; onClose: () => void }) {
  const { data, isPending, isError, error } = useQuery(inventoryQueries.movements(row.productId))
  return (
    <aside
      aria-label={`History of ${row.name}`}
      className="fixed right-4 top-24 z-40 max-h-[70vh] w-80 space-y-3 overflow-auto rounded-lg border border-stone-200 bg-white p-4 shadow-xl"
    >
      <div className="flex items-start justify-between gap-2">
        <h2 className="font-display text-lg">History of {row.name}</h2>
        <button type="button" onClick={onClose} className="text-sm underline">
          Close
        </button>
      </div>
      {isPending ? <p className="text-sm text-stone-500">Loading…</p> : null}
      {isError ? <p role="alert" className="text-sm text-red-800">{error.message}</p> : null}
      {data && data.items.length === 0 ? <p className="text-sm text-stone-500">No stock movements yet.</p> : null}
      {data && data.items.length > 0 ? (
        <ol className="space-y-2 text-sm">
          {data.items.map((movement) => (
            <li key={movement.id} className="border-b border-stone-100 pb-2">
              <span className={movement.delta > 0 ? 'text-emerald-800' : 'text-red-800'}>
                {movement.delta > 0 ? '+' : ''}
                {movement.delta}
              </span>{' '}
              {movement.reason} by {movement.actor}
              {movement.note ? <span className="block text-stone-600">{movement.note}</span> : null}
              <time dateTime={movement.at} className="block text-xs text-stone-500">
                {new Date(movement.at).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' })}
              </time>
            </li>
          ))}
        </ol>
      ) : null}
    </aside>
  )
}
