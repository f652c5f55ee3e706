import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react'
import { inventoryQueries, type InventoryListFilters } from '../inventory.queries'
import type { InventoryRow } from '../inventory.schemas'
import { createRowStore, type RowDraft } from '../row-drafts'
import { useSaveRow } from '../use-save-row'
import { HistoryPanel } from './history-panel'
import { InventoryGrid } from './inventory-grid'
import type { RowActions } from './inventory-row'
import { RestockDialog } from './restock-dialog'

type Restocking = Array<Pick<InventoryRow, 'productId' | 'name' | 'stock'>>

/** The grid with what acts on its rows: drafts and selection (kept per row), restock and history. */
export function InventoryConsole({
  filters,
  onRowRender,
  openProduct,
}: {
  filters: InventoryListFilters
  onRowRender?: (productId: number) => void
  openProduct?: (productId: number) => void
}) {
  const [drafts] = useState(() => createRowStore<RowDraft>())
  const [selection] = useState(() => createRowStore<true>())
  const [restocking, setRestocking] = useState<Restocking>()
  const [history, setHistory] = useState<Pick<InventoryRow, 'productId' | 'name'>>()
  const save = useSaveRow(drafts)
  const selectedCount = useSyncExternalStore(selection.subscribeAll, () => selection.keys().length, () => 0)
  // Other filters, other rows: a selection the admin can no longer see is not acted on.
  const filterKey = JSON.stringify(filters)
  useEffect(() => {
    for (const productId of selection.keys()) selection.set(productId, undefined)
  }, [filterKey, selection])

  const onRestock = useCallback((row: InventoryRow) => setRestocking([row]), [])
  const onHistory = useCallback((row: InventoryRow) => setHistory(row), [])
  const actions = useMemo<RowActions>(
    () => ({
      drafts,
      selection,
      save: (productId, version) => void save(productId, version),
      onRestock,
      onHistory,
      onRender: onRowRender,
      openProduct,
    }),
    [drafts, selection, save, onRestock, onHistory, onRowRender, openProduct],
  )
  const client = useQueryClient()
  // Selected rows may have scrolled out of the DOM, but they are in the list's cache (the selection
  // clears when the filters change, so every selected row belongs to this list).
  const selectedRows = () => {
    const loaded = client.getQueryData(inventoryQueries.list(filters).queryKey)?.pages.flatMap((page) => page.items) ?? []
    const selected = new Set(selection.keys())
    return loaded.filter((row) => selected.has(row.productId))
  }

  return (
    <div>
      <div className="space-y-3">
        <div className="flex items-center gap-3 text-sm" aria-live="polite">
          <span>{selectedCount} selected</span>
          <button
            type="button"
            disabled={selectedCount === 0}
            onClick={() => setRestocking(selectedRows())}
            className="rounded border border-stone-300 px-3 py-1 disabled:text-stone-400"
          >
            Restock selected
          </button>
          {selectedCount > 0 ? (
            <button type="button" onClick={() => selection.keys().forEach((productId) => selection.set(productId, undefined))} className="underline">
              Clear selection
            </button>
          ) : null}
        </div>
        <InventoryGrid filters={filters} actions={actions} />
      </div>
      {history ? <HistoryPanel row={history} onClose={() => setHistory(undefined)} /> : null}
      {restocking ? <RestockDialog rows={restocking} onClose={() => setRestocking(undefined)} /> : null}
    </div>
  )
}
