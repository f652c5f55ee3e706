import { useInfiniteQuery } from '@tanstack/react-query'
import { Link } from '@tanstack/react-router'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useMemo, useRef } from 'react'
import { isApiError } from '~/lib/api-error'
import { inventoryQueries, type InventoryListFilters } from '../inventory.queries'
import { InventoryGridRow, type RowActions } from './inventory-row'
import { ROW_LAYOUT, rowBox, rowPlacement, useRemeasureOnChange, useRowHeight } from './row-layout'

/**
 * Every matching product in one scrolling grid. Only the rows in view (plus a few) are in the
 * DOM; the rows are fetched a page at a time as the scroll nears the end of what is loaded.
 */
export function InventoryGrid({ filters, actions }: { filters: InventoryListFilters; actions: RowActions }) {
  const query = useInfiniteQuery(inventoryQueries.list(filters))
  // Offset pages read at different moments can both hold a row that moved between them (sorted by
  // stock while shoppers buy): each product shows once.
  const rows = useMemo(() => {
    const seen = new Set<number>()
    return (query.data?.pages.flatMap((page) => page.items) ?? []).filter((row) => !seen.has(row.productId) && seen.add(row.productId))
  }, [query.data])
  const total = query.data?.pages[0]?.total ?? 0
  const scroller = useRef<HTMLDivElement>(null)
  const rowHeight = useRowHeight()
  // The virtualizer's methods change with scroll state, so this component is not for the React
  // Compiler to memoize; the rows below are memoized by hand.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 8,
    // Before layout is known (and in tests without layout), assume a viewport of this size.
    initialRect: { width: 1024, height: 640 },
  })
  useRemeasureOnChange(virtualizer, rowHeight)
  const items = virtualizer.getVirtualItems()
  const lastIndex = items.at(-1)?.index ?? 0
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query

  useEffect(() => {
    if (lastIndex >= rows.length - 1 && hasNextPage && !isFetchingNextPage) void fetchNextPage()
  }, [lastIndex, rows.length, hasNextPage, isFetchingNextPage, fetchNextPage])

  const sessionEnded = isApiError(query.error, 401)
  if (query.isPending) return <p className="py-8 text-stone-600">Loading inventory…</p>
  if (sessionEnded) {
    return (
      <p role="alert" className="py-8">
        Your admin session has ended.{' '}
        <Link to="/admin/login" search={{ redirect: '/admin/inventory' }} className="underline">
          Sign in again
        </Link>{' '}
        to keep working.
      </p>
    )
  }
  if (query.isError && !query.data) {
    return (
      <p role="alert" className="py-8 text-red-800">
        The inventory could not be loaded: {query.error.message}{' '}
        <button type="button" className="underline" onClick={() => void query.refetch()}>
          Try again
        </button>
      </p>
    )
  }
  if (total === 0) return <p className="py-8 text-stone-600">No products match these filters.</p>

  return (
    <div role="table" aria-label="Inventory" aria-rowcount={total + 1} className="rounded-lg border border-stone-200 bg-white">
      {/* A narrow row is a card that says what each figure is: the headers are for screen readers there. */}
      <div role="rowgroup" className="border-b border-stone-200 bg-stone-50 px-3 py-2 text-xs font-medium uppercase text-stone-500 max-[66rem]:sr-only">
        <div role="row" aria-rowindex={1} className={ROW_LAYOUT}>
          <span role="columnheader" className="[grid-area:select]">
            <span className="sr-only">Selected</span>
          </span>
          <span role="columnheader" className="[grid-area:sku]">
            SKU
          </span>
          <span role="columnheader" className="[grid-area:name]">
            Product
          </span>
          <span role="columnheader" className="[grid-area:stock]">
            Stock
          </span>
          <span role="columnheader" className="[grid-area:price]">
            Price ($)
          </span>
          <span role="columnheader" className="[grid-area:updated]">
            Updated
          </span>
          <span role="columnheader" className="[grid-area:actions]">
            Actions
          </span>
          <span role="columnheader" className="sr-only">
            Status
          </span>
        </div>
      </div>
      <div ref={scroller} className="h-[32rem] overflow-auto" data-testid="inventory-scroller">
        <div role="rowgroup" {...rowBox(total)}>
          {items.map((item) => {
            const row = rows[item.index]
            if (!row) {
              const placement = rowPlacement(item.index)
              return (
                <div key={item.key} role="row" aria-rowindex={item.index + 2} className={`${placement.className} px-3 py-3 text-sm text-stone-500`} style={placement.style}>
                  <span role="cell">Loading…</span>
                </div>
              )
            }
            return <InventoryGridRow key={row.productId} row={row} index={item.index} actions={actions} />
          })}
        </div>
      </div>
      <p className="border-t border-stone-200 px-3 py-2 text-xs text-stone-500">
        {total.toLocaleString('en-US')} products · {rows.length.toLocaleString('en-US')} loaded
        {query.isFetching && !query.isFetchingNextPage ? ' · refreshing…' : ''}
      </p>
    </div>
  )
}
