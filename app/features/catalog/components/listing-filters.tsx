import { useNavigate } from '@tanstack/react-router'
import type { FormEvent } from 'react'
import { sortOptions, type SortOption } from '../catalog.schemas'
import type { ListingSearch } from '../listing-search'

const sortLabels: Record<SortOption, string> = {
  relevance: 'Best match',
  newest: 'Newest',
  'price-asc': 'Price: low to high',
  'price-desc': 'Price: high to low',
  name: 'Name',
}

function readForm(form: HTMLFormElement): ListingSearch {
  const data = new FormData(form)
  const text = (name: string) => String(data.get(name) ?? '').trim()
  const number = (name: string) => (text(name) === '' || Number.isNaN(Number(text(name))) ? undefined : Number(text(name)))
  return {
    q: text('q') || undefined,
    min: number('min'),
    max: number('max'),
    inStock: data.get('inStock') ? true : undefined,
    sort: (text('sort') || undefined) as SortOption | undefined,
  }
}

/**
 * Filters and sort as a plain GET form, so they work before hydration; once hydrated, submitting
 * navigates in place and a new sort applies at once. Changing a filter always returns to page 1.
 */
export function ListingFilters({ search, defaultSort }: { search: ListingSearch; defaultSort: SortOption }) {
  const navigate = useNavigate()
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    void navigate({ to: '.', search: readForm(event.currentTarget) })
  }

  return (
    <form method="get" onSubmit={onSubmit} aria-label="Filter and sort" className="flex flex-wrap items-end gap-4 rounded-lg border border-stone-200 bg-white p-4 text-sm">
      {search.q ? <input type="hidden" name="q" value={search.q} /> : null}
      <label className="flex flex-col gap-1">
        Min price ($)
        <input name="min" type="number" min={0} step="1" inputMode="numeric" defaultValue={search.min ?? ''} className="w-28 rounded border border-stone-300 px-2 py-1" />
      </label>
      <label className="flex flex-col gap-1">
        Max price ($)
        <input name="max" type="number" min={0} step="1" inputMode="numeric" defaultValue={search.max ?? ''} className="w-28 rounded border border-stone-300 px-2 py-1" />
      </label>
      <label className="flex items-center gap-2 py-1">
        <input name="inStock" type="checkbox" defaultChecked={search.inStock === true} />
        In stock only
      </label>
      <label className="flex flex-col gap-1">
        Sort by
        <select
          name="sort"
          defaultValue={search.sort ?? defaultSort}
          onChange={(event) => event.currentTarget.form?.requestSubmit()}
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
