import { createFileRoute, Link, useNavigate } from '@tanstack/react-router'
import { useDebouncedCallback } from '@tanstack/react-pacer'
import { useCallback, useState } from 'react'
import { z } from 'zod/mini'
import { InventoryConsole } from '~/features/inventory/components/inventory-console'
import { inventoryQueries } from '~/features/inventory/inventory.queries'
import { inventorySortOptions } from '~/features/inventory/inventory.schemas'

// A bad value in the address falls back to the default instead of failing the page.
const searchSchema = z.object({
  q: z.catch(z.optional(z.string().check(z.maxLength(200))), undefined),
  lowStock: z.catch(z.optional(z.coerce.number().check(z.int(), z.minimum(0), z.maximum(1_000_000))), undefined),
  sort: z.catch(z._default(z.enum(inventorySortOptions), 'name'), 'name'),
  order: z.catch(z._default(z.enum(['asc', 'desc']), 'asc'), 'asc'),
})

export const Route = createFileRoute('/admin/_console/inventory')({
  validateSearch: searchSchema,
  loaderDeps: ({ search }) => search,
  // The first page comes with the HTML; the rest load as the grid scrolls.
  loader: ({ deps, context: { queryClient } }) => queryClient.infiniteQuery({ ...inventoryQueries.list(deps), staleTime: 'static' }).then(() => undefined),
  head: () => ({ meta: [{ title: 'Inventory — Cartwheel admin' }] }),
  component: InventoryPage,
})

function InventoryPage() {
  const search = Route.useSearch()
  const navigate = useNavigate({ from: Route.fullPath })
  // Stable, so the grid's memoized rows do not re-render for it.
  const openProduct = useCallback((productId: number) => void navigate({ to: '/admin/products/$productId', params: { productId } }), [navigate])
  const [query, setQuery] = useState(search.q ?? '')
  const applyQuery = useDebouncedCallback((q: string) => void navigate({ search: (prev) => ({ ...prev, q: q.trim() || undefined }), replace: true }), {
    wait: 300,
  })
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="font-display text-3xl">Inventory</h1>
        <Link to="/admin/products/new" className="rounded bg-stone-900 px-3 py-1.5 text-sm text-white">
          New product
        </Link>
      </div>
      <div className="flex flex-wrap items-end gap-4 text-sm">
        <label>
          Search name or SKU
          <input
            type="search"
            value={query}
            onChange={(event) => {
              setQuery(event.target.value)
              applyQuery(event.target.value)
            }}
            className="mt-1 block w-64 rounded border border-stone-300 px-2 py-1"
          />
        </label>
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            checked={search.lowStock !== undefined}
            onChange={(event) => void navigate({ search: (prev) => ({ ...prev, lowStock: event.target.checked ? 5 : undefined }) })}
          />
          Low stock only
        </label>
        {search.lowStock !== undefined ? (
          <label>
            At most
            <input
              type="number"
              min={0}
              value={search.lowStock}
              onChange={(event) => void navigate({ search: (prev) => ({ ...prev, lowStock: Math.max(0, Number(event.target.value) || 0) }), replace: true })}
              className="mt-1 block w-20 rounded border border-stone-300 px-2 py-1"
            />
          </label>
        ) : null}
        <label>
          Sort by
          <select
            value={search.sort}
            onChange={(event) => void navigate({ search: (prev) => ({ ...prev, sort: event.target.value as (typeof inventorySortOptions)[number] }) })}
            className="mt-1 block rounded border border-stone-300 px-2 py-1"
          >
            <option value="name">Name</option>
            <option value="stock">Stock</option>
            <option value="price">Price</option>
            <option value="updated">Last updated</option>
          </select>
        </label>
        <label>
          Order
          <select
            value={search.order}
            onChange={(event) => void navigate({ search: (prev) => ({ ...prev, order: event.target.value === 'desc' ? 'desc' : 'asc' }) })}
            className="mt-1 block rounded border border-stone-300 px-2 py-1"
          >
            <option value="asc">Ascending</option>
            <option value="desc">Descending</option>
          </select>
        </label>
      </div>
      <InventoryConsole filters={search} openProduct={openProduct} />
    </div>
  )
}
