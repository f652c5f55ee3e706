import { memo } from 'react'
import { formatMoney } from '~/lib/money'
import type { InventoryRow } from '../inventory.schemas'
import { dollars, useRowValue, type DraftStore, type RowDraft, type RowStore } from '../row-drafts'
import { ROW_LAYOUT, rowPlacement } from './row-layout'

export type RowActions = {
  drafts: DraftStore
  selection: RowStore<true>
  save: (productId: number, version: number) => void
  onRestock: (row: InventoryRow) => void
  onHistory: (row: InventoryRow) => void
  /** Opens the product's editor in the page (the app's router); without it, the link loads the page. */
  openProduct?: (productId: number) => void
  /** Called on every render of a row: how the render-count test (and a curious admin) measure. */
  onRender?: (productId: number) => void
}

/** The product editor's address (app/routes/admin._console.products.$productId.tsx). */
export const productEditorPath = (productId: number) => `/admin/products/${productId}`

const updatedFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'short', timeStyle: 'short', timeZone: 'UTC' })

const newDraft = (row: InventoryRow): RowDraft => ({
  stock: String(row.stock),
  price: dollars(row.priceCents),
  base: { stock: row.stock, priceCents: row.priceCents, version: row.version },
  status: 'editing',
})

/**
 * One product's row. Memoized, and subscribed to its own draft and selection only: structural
 * sharing keeps an unchanged row the same object across refetches, so a change to one product
 * re-renders one row.
 */
export const InventoryGridRow = memo(function InventoryGridRow({
  row,
  index,
  actions,
}: {
  row: InventoryRow
  index: number
  actions: RowActions
}) {
  actions.onRender?.(row.productId)
  const { drafts, selection, save } = actions
  const draft = useRowValue(drafts, row.productId)
  const selected = useRowValue(selection, row.productId) ?? false
  const edit = (field: 'stock' | 'price', value: string) =>
    drafts.set(row.productId, { ...(draft ?? newDraft(row)), [field]: value, error: undefined })
  const changedOnServer = draft?.status === 'editing' && (row.stock !== draft.base.stock || row.priceCents !== draft.base.priceCents)
  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'Enter' && draft) save(row.productId, draft.base.version)
    if (event.key === 'Escape') drafts.set(row.productId, undefined)
  }

  const statusId = `inventory-row-status-${row.productId}`
  const lowStock = row.stock <= 5
  const placement = rowPlacement(index)
  return (
    <div role="row" aria-rowindex={index + 2} className={`${placement.className} border-b border-stone-100 px-3 py-1`} style={placement.style}>
      <div className={ROW_LAYOUT}>
        <span role="cell" className="[grid-area:select]">
          <input
            type="checkbox"
            aria-label={`Select ${row.name}`}
            checked={selected}
            onChange={(event) => selection.set(row.productId, event.target.checked ? true : undefined)}
          />
        </span>
        <span role="cell" className="truncate font-mono text-xs text-stone-500 [grid-area:sku]">
          {row.sku}
        </span>
        <span role="cell" className="truncate [grid-area:name]">
          <a
            href={productEditorPath(row.productId)}
            onClick={(event) => {
              // A plain click opens the editor in the page; a modified one (new tab, new window) is the browser's.
              if (!actions.openProduct || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
              event.preventDefault()
              actions.openProduct(row.productId)
            }}
            className="underline-offset-2 hover:underline"
          >
            {row.name}
          </a>
        </span>
        <span role="cell" className="flex items-center gap-1 [grid-area:stock]">
          {/* The columns' headers are hidden in the narrow layout: a visible word says which figure is which. */}
          <span aria-hidden="true" className="text-xs text-stone-600 min-[66rem]:hidden">
            Stock
          </span>
          <input
            aria-label={`Stock of ${row.name}`}
            aria-describedby={statusId}
            aria-invalid={draft?.error ? true : undefined}
            inputMode="numeric"
            value={draft?.stock ?? String(row.stock)}
            onChange={(event) => edit('stock', event.target.value)}
            onKeyDown={onKeyDown}
            onBlur={() => draft?.status === 'editing' && save(row.productId, draft.base.version)}
            className={`w-20 rounded border px-2 py-1 text-right tabular-nums ${lowStock ? 'border-amber-500' : 'border-stone-300'}`}
          />
          {lowStock ? (
            <span className="text-xs text-amber-800" title="Low stock">
              ⚠<span className="sr-only">Low stock</span>
            </span>
          ) : null}
        </span>
        <span role="cell" className="flex items-center gap-1 [grid-area:price]">
          <span aria-hidden="true" className="text-xs text-stone-600 min-[66rem]:hidden">
            Price $
          </span>
          <input
            aria-label={`Price of ${row.name} in dollars`}
            aria-describedby={statusId}
            aria-invalid={draft?.error ? true : undefined}
            inputMode="decimal"
            value={draft?.price ?? dollars(row.priceCents)}
            onChange={(event) => edit('price', event.target.value)}
            onKeyDown={onKeyDown}
            onBlur={() => draft?.status === 'editing' && save(row.productId, draft.base.version)}
            className="w-20 rounded border border-stone-300 px-2 py-1 text-right tabular-nums min-[66rem]:w-24"
          />
        </span>
        <span role="cell" className="text-xs text-stone-500 [grid-area:updated]">
          {/* One time zone on the server and in every browser, so the HTML matches after hydration. */}
          <time dateTime={row.updatedAt}>{updatedFormat.format(new Date(row.updatedAt))} UTC</time>
        </span>
        <span role="cell" className="flex gap-2 text-sm [grid-area:actions]">
          <button type="button" onClick={() => actions.onRestock(row)} className="py-1 underline-offset-2 hover:underline">
            Restock
          </button>
          <button type="button" onClick={() => actions.onHistory(row)} className="py-1 underline-offset-2 hover:underline">
            History
          </button>
        </span>
        {/* One line, always there: a row never changes height, so no other row moves or re-renders. */}
        <div role="cell" className="min-w-0 [grid-area:status]">
          <div id={statusId} role="status" className="flex h-5 items-center gap-2 truncate text-xs">
            {draft?.status === 'saving' ? <span className="text-stone-500">Saving…</span> : null}
            {draft?.error ? <span className="text-red-800">{draft.error}</span> : null}
            {changedOnServer ? (
              <span className="text-amber-800">
                Changed on server to stock {row.stock}, {formatMoney(row.priceCents)} while you were editing.
              </span>
            ) : null}
            {draft?.status === 'conflict' && draft.theirs ? (
              <>
                <span className="truncate text-amber-900">
                  Someone else saved this product first. Theirs: stock {draft.theirs.stock}, {formatMoney(draft.theirs.priceCents)}. Yours: stock {draft.stock}, $
                  {draft.price}.
                </span>
                <button type="button" className="shrink-0 rounded border border-amber-700 px-2" onClick={() => save(row.productId, draft.theirs?.version ?? draft.base.version)}>
                  Keep mine
                </button>
                <button type="button" className="shrink-0 rounded border border-amber-700 px-2" onClick={() => drafts.set(row.productId, undefined)}>
                  Take theirs
                </button>
              </>
            ) : null}
          </div>
        </div>
      </div>
    </div>
  )
})
