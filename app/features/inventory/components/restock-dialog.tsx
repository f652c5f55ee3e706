import { useEffect, useRef, useState } from 'react'
import { useRestockMutation } from '../inventory.mutations'
import { MAX_RESTOCK_DELTA, type InventoryRow } from '../inventory.schemas'

type Result = { row: Pick<InventoryRow, 'productId' | 'name'>; outcome: 'done' | 'failed'; message: string }

/**
 * Restock (or write off) one product or many by a delta, with a reason for the audit trail. Many
 * go one request after another, with progress and a result per row: a failure on one (a write-off
 * below zero) does not stop the others.
 */
export function RestockDialog({ rows, onClose }: { rows: Array<Pick<InventoryRow, 'productId' | 'name' | 'stock'>>; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null)
  const restock = useRestockMutation()
  const [delta, setDelta] = useState('')
  const [reason, setReason] = useState('')
  const [problem, setProblem] = useState<string>()
  const [results, setResults] = useState<Result[]>([])
  const [running, setRunning] = useState(false)

  useEffect(() => {
    dialog.current?.showModal()
  }, [])

  const submit = async () => {
    const amount = Number(delta)
    if (!/^-?\d+$/.test(delta.trim()) || amount === 0 || Math.abs(amount) > MAX_RESTOCK_DELTA) {
      return setProblem(`Enter a whole number other than 0, up to ${MAX_RESTOCK_DELTA.toLocaleString('en-US')} either way: 12 adds, -3 takes away.`)
    }
    if (!reason.trim()) return setProblem('Say why the stock changes; it goes into the audit trail.')
    setProblem(undefined)
    setRunning(true)
    setResults([])
    for (const row of rows) {
      try {
        const updated = await restock.mutateAsync({ productId: row.productId, delta: amount, reason: reason.trim() })
        setResults((done) => [...done, { row, outcome: 'done', message: `now ${updated.stock}` }])
      } catch (error) {
        setResults((done) => [...done, { row, outcome: 'failed', message: error instanceof Error ? error.message : 'failed' }])
      }
    }
    setRunning(false)
  }

  const finished = !running && results.length === rows.length
  const title = rows.length === 1 ? `Restock ${rows[0]?.name}` : `Restock ${rows.length} products`
  return (
    <dialog
      ref={dialog}
      aria-label={title}
      onClose={onClose}
      // Escape must not hide a bulk restock that is still sending: it would go on unseen.
      onCancel={(event) => running && event.preventDefault()}
      className="w-[28rem] rounded-xl p-6 backdrop:bg-black/30">
      <form
        method="dialog"
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault()
          if (finished) return dialog.current?.close()
          void submit()
        }}
      >
        <h2 className="font-display text-xl">{title}</h2>
        {rows.length === 1 ? <p className="text-sm text-stone-600">In stock now: {rows[0]?.stock}</p> : null}
        <label className="block text-sm">
          Change by
          <input
            value={delta}
            onChange={(event) => setDelta(event.target.value)}
            inputMode="numeric"
            disabled={running || finished}
            className="mt-1 block w-full rounded border border-stone-300 px-2 py-1"
            placeholder="12 adds, -3 takes away"
          />
        </label>
        <label className="block text-sm">
          Reason
          <input
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            maxLength={200}
            disabled={running || finished}
            className="mt-1 block w-full rounded border border-stone-300 px-2 py-1"
            placeholder="Delivery from the workshop"
          />
        </label>
        {problem ? (
          <p role="alert" className="text-sm text-red-800">
            {problem}
          </p>
        ) : null}
        {rows.length > 1 && (running || results.length > 0) ? (
          <p aria-live="polite" className="text-sm">
            {results.length} of {rows.length} done
          </p>
        ) : null}
        {results.length > 0 ? (
          <ul className="max-h-48 overflow-auto text-sm" aria-label="Results">
            {results.map(({ row, outcome, message }) => (
              <li key={row.productId} className={outcome === 'done' ? 'text-emerald-800' : 'text-red-800'}>
                {outcome === 'done' ? '✓' : '✗'} {row.name}: {message}
              </li>
            ))}
          </ul>
        ) : null}
        <div className="flex justify-end gap-2">
          {finished ? null : (
            <button type="button" onClick={() => dialog.current?.close()} disabled={running} className="rounded px-3 py-1.5">
              Cancel
            </button>
          )}
          <button type="submit" disabled={running} className="rounded bg-stone-900 px-3 py-1.5 text-white disabled:bg-stone-400">
            {finished ? 'Done' : running ? 'Restocking…' : 'Restock'}
          </button>
        </div>
      </form>
    </dialog>
  )
}
