import { useQuery } from '@tanstack/react-query'
import { catalogAdminQueries } from '../catalog-admin.queries'

const atFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })

/** A product's entries in the catalog's audit trail: what changed, who changed it, when (newest first). */
export function CatalogChangesList({ productId }: { productId: number }) {
  const { data, isPending, isError, error } = useQuery(catalogAdminQueries.productChanges(productId))
  return (
    <section aria-labelledby="changes-heading" className="space-y-2">
      <h2 id="changes-heading" className="font-display text-xl">
        Changes
      </h2>
      {isPending ? <p className="text-sm text-stone-600">Loading…</p> : null}
      {isError ? (
        <p role="alert" className="text-sm text-red-800">
          {error.message}
        </p>
      ) : null}
      {data?.length === 0 ? <p className="text-sm text-stone-600">No catalog changes yet: the product is as it was seeded.</p> : null}
      {data && data.length > 0 ? (
        <ol className="space-y-2 text-sm">
          {data.map((change) => (
            <li key={change.id} className="border-b border-stone-100 pb-2">
              <span className="font-medium capitalize">{change.action}</span> by {change.actor}
              <span className="block text-stone-700">{change.note}</span>
              <time dateTime={change.at} className="block text-xs text-stone-600">
                {atFormat.format(new Date(change.at))} UTC
              </time>
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  )
}
