import { useQuery } from '@tanstack/react-query'
import { Link } from '@tanstack/react-router'
import { catalogQueries } from '~/features/catalog/catalog.queries'

export function CategoryNav() {
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
