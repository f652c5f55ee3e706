import { useNavigate, useSearch } from '@tanstack/react-router'
import type { FormEvent } from 'react'

/** The header search: a plain GET form to /search without JavaScript; a router navigation with it. */
export function SearchBox() {
  const navigate = useNavigate()
  const currentQuery = useSearch({ strict: false, select: (search) => (typeof search.q === 'string' ? search.q : '') })

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const q = String(new FormData(event.currentTarget).get('q') ?? '').trim()
    void navigate({ to: '/search', search: q ? { q } : {} })
  }

  return (
    <form role="search" action="/search" method="get" onSubmit={onSubmit} className="order-last flex w-full min-w-0 sm:order-none sm:w-auto sm:flex-1">
      <label htmlFor="site-search" className="sr-only">
        Search products
      </label>
      <input
        key={currentQuery}
        id="site-search"
        name="q"
        type="search"
        defaultValue={currentQuery}
        placeholder="Search desks, lamps, rugs…"
        maxLength={200}
        className="min-w-0 flex-1 rounded-l-md border border-stone-300 bg-white px-3 py-2"
      />
      <button type="submit" className="rounded-r-md bg-ink px-4 text-white">
        Search
      </button>
    </form>
  )
}
