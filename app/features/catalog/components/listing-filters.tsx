import { useNavigate } from '@tanstack/react-router'
import { useState, type FormEvent } from 'react'
import { sortOptions, type SortOption } from '../catalog.schemas'
import type { ListingSearch } from '../listing-search'

const sortLabels: Record<SortOption, string> = {
  relevance: 'Best match',
  newest: 'Newest',
  'price-asc': 'Price: low to high',
  'price-desc': 'Price: high to low',
  name: 'Name',
}

type Draft = { min: string; max: string; inStock: boolean; sort: SortOption }

const toDraft = (search: ListingSearch, defaultSort: SortOption): Draft => ({
  min: search.min?.toString() ?? '',
  max: search.max?.toString() ?? '',
  inStock: search.inStock === true,
  sort: search.sort ?? defaultSort,
})

function toSearch(draft: Draft, q: string | undefined): ListingSearch {
  const dollars = (text: string) => (text.trim() === '' || Number.isNaN(Number(text)) ? undefined : Number(text))
  return { q, min: dollars(draft.min), max: dollars(draft.max), inStock: draft.inStock || undefined, sort: draft.sort }
}

/** A dollar amount, cents allowed (prices end in .99). */
function PriceInput({ label, name, value, onChange }: { label: string; name: string; value: string; onChange: (value: string) => void }) {
  return (
    <label className="flex flex-col gap-1">
      {label}
      <input
        name={name}
        type="number"
        min={0}
        step="any"
        inputMode="decimal"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        className="w-28 rounded border border-stone-300 px-2 py-1"
      />
    </label>
  )
}

/**
 * Filters and sort as a plain GET form, so they work before hydration; once hydrated, submitting
 * navigates in place and a new sort applies at once. Changing a filter always returns to page 1.
 * The form stays mounted across those navigations, so keyboard focus stays where it was.
 */
export function ListingFilters({ search, defaultSort }: { search: ListingSearch; defaultSort: SortOption }) {
  const navigate = useNavigate()
  const [draft, setDraft] = useState(() => toDraft(search, defaultSort))
  // When the URL changes (back, forward, a link), the form shows what the URL says.
  const searchKey = JSON.stringify([search, defaultSort])
  const [shownKey, setShownKey] = useState(searchKey)
  if (shownKey !== searchKey) {
    setShownKey(searchKey)
    setDraft(toDraft(search, defaultSort))
  }

  const apply = (next: Draft) => void navigate({ to: '.', search: toSearch(next, search.q) })
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    apply(draft)
  }

  return (
    <form method="get" onSubmit={onSubmit} aria-label="Filter and sort" className="flex flex-wrap items-end gap-4 rounded-lg border border-stone-200 bg-white p-4 text-sm">
      {search.q ? <input type="hidden" name="q" value={search.q} /> : null}
      <PriceInput label="Min price ($)" name="min" value={draft.min} onChange={(min) => setDraft({ ...draft, min })} />
      <PriceInput label="Max price ($)" name="max" value={draft.max} onChange={(max) => setDraft({ ...draft, max })} />
      <label className="flex items-center gap-2 py-1">
        <input name="inStock" type="checkbox" checked={draft.inStock} onChange={(event) => setDraft({ ...draft, inStock: event.target.checked })} />
        In stock only
      </label>
      <label className="flex flex-col gap-1">
        Sort by
        <select
          name="sort"
          value={draft.sort}
          onChange={(event) => {
            const next = { ...draft, sort: event.target.value as SortOption }
            setDraft(next)
            apply(next)
          }}
          className="rounded border border-stone-300 px-2 py-1"
        >
          {sortOptions
            // Without search words there is nothing to match, so "Best match" is not offered.
            .filter((option) => search.q || option !== 'relevance')
            .map((option) => (
              <option key={option} value={option}>
                {sortLabels[option]}
              </option>
            ))}
        </select>
      </label>
      <button type="submit" className="rounded-md bg-ink px-4 py-1.5 text-white">
        Apply
      </button>
    </form>
  )
}
