import { and, asc, count, eq, isNull } from 'drizzle-orm'
import type { AppDatabase } from '#db/connection'
import { preparedPerDatabase } from '#db/prepared-statements'
import { categories, products } from '#db/schema'
import { catalogRevision } from '~/lib/catalog-revision'
import type { CategoryWithCount } from './catalog.schemas'

const statements = preparedPerDatabase((db) => ({
  categoriesWithCounts: db
    .select({ slug: categories.slug, name: categories.name, productCount: count(products.id) })
    .from(categories)
    // On sale only, in the ON clause (a WHERE would drop the categories with none): the term that
    // lets SQLite count from a partial index of the category's products.
    .leftJoin(products, and(eq(products.category, categories.slug), isNull(products.archivedAt)))
    .groupBy(categories.slug)
    .orderBy(asc(categories.position))
    .prepare(),
  // Changes when another connection commits to the file (a reseed by `npm run db:seed`), never for
  // this connection's own commits.
  dataVersion: db.$client.prepare('PRAGMA data_version').pluck(),
}))

const counted = new WeakMap<AppDatabase, { dataVersion: number; revision: number; categories: CategoryWithCount[] }>()

/**
 * The categories in menu order, with how many products each holds: counted once per database and
 * kept, since counting reads every product and the root loader asks on every page.
 *
 * A count changes when a product is created, moved to another category, archived or restored (the
 * admin's catalog writes bump the catalog revision, app/lib/catalog-revision.ts), or when the
 * catalog is replaced by seeding in another process (`npm run db:seed`, whose commit the data
 * version reports).
 */
export function listCategories(db: AppDatabase): CategoryWithCount[] {
  const { categoriesWithCounts, dataVersion } = statements(db)
  const version = dataVersion.get() as number
  const revision = catalogRevision(db)
  const kept = counted.get(db)
  if (kept?.dataVersion === version && kept.revision === revision) return kept.categories
  const fresh = categoriesWithCounts.all()
  counted.set(db, { dataVersion: version, revision, categories: fresh })
  return fresh
}

/**
 * Drops the kept counts: call it after committing a write on this connection that creates, removes
 * or re-categorises a product, or reseeds the catalog in this process.
 */
export function forgetCategoryCounts(db: AppDatabase) {
  counted.delete(db)
}
