import { useQuery } from '@tanstack/react-query'
import { Link, useNavigate, useRouterState } from '@tanstack/react-router'
import type { FormEvent } from 'react'
import { MiniCartBadge } from '~/features/cart/components/mini-cart-badge'
import { catalogQueries } from '~/features/catalog/catalog.queries'

function SearchBox() {
  const navigate = useNavigate()
  const currentQuery = useRouterState({
    select: (state) => (state.location.pathname === '/search' ? String((state.location.search as { q?: unknown }).q ?? '') : ''),
  })

  // Without JavaScript the form submits as a plain GET to /search; with it, the router navigates.
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

function CategoryNav() {
  const { data: categories = [] } = useQuery(catalogQueries.categories())
  return (
    <nav aria-label="Categories" className="overflow-x-auto">
      <ul className="flex gap-4 py-2 text-sm whitespace-nowrap">
        {categories.map((category) => (
          <li key={category.slug}>
            <Link
              to="/categories/$slug"
              params={{ slug: category.slug }}
              className="text-stone-600 hover:text-ink"
              activeProps={{ className: 'font-semibold text-ink', 'aria-current': 'page' }}
            >
              {category.name}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  )
}

export function SiteHeader() {
  return (
    <header className="border-b border-stone-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3">
        <Link to="/" className="font-display text-2xl font-bold tracking-tight">
          Cartwheel
        </Link>
        <SearchBox />
        <MiniCartBadge />
      </div>
      <div className="mx-auto max-w-6xl px-4">
        <CategoryNav />
      </div>
    </header>
  )
}
