import { useSuspenseQuery } from '@tanstack/react-query'
import { createFileRoute } from '@tanstack/react-router'
import { CategoryManager } from '~/features/inventory/components/category-manager'
import { catalogAdminQueries } from '~/features/inventory/catalog-admin.queries'

export const Route = createFileRoute('/admin/_console/categories')({
  loader: ({ context: { queryClient } }) => queryClient.ensureQueryData(catalogAdminQueries.categories()).then(() => undefined),
  head: () => ({ meta: [{ title: 'Categories — Cartwheel admin' }] }),
  component: CategoriesPage,
})

function CategoriesPage() {
  const { data: categories } = useSuspenseQuery(catalogAdminQueries.categories())
  return (
    <div className="space-y-4">
      <h1 className="font-display text-3xl">Categories</h1>
      <CategoryManager categories={categories} />
    </div>
  )
}
