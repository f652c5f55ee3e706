import { and, asc, count, eq, isNull } from 'drizzle-orm'
import type { AppDatabase } from '#db/connection'
import { all, engineOf, prepare, read, type Database } from '#db/work'
import { catalogRevision } from '~/lib/catalog-revision'
import type { CategoryWithCount } from './catalog.schemas'

const categoriesWithCounts = prepare((db, t) =>
  db
    .select({ slug: t.categories.slug, name: t.categories.name, productCount: count(t.products.id) })
    .from(t.categories)
    // On sale only, in the ON clause (a WHERE would drop the categories with none): the term that
    // lets SQLite count from a partial index of the category's products.
    .leftJoin(t.products, and(eq(t.products.category, t.categories.slug), isNull(t.products.archivedAt)))
    .groupBy(t.categories.slug)
    .orderBy(asc(t.categories.position)),
)

// Changes when another connection commits to the file (a reseed by `npm run db:seed`), never for
// this connection's own commits.
const dataVersions = new WeakMap<AppDatabase, () => number>()
function dataVersion(db: AppDatabase) {
  let read = dataVersions.get(db)
  if (!read) {
    const statement = db.$client.prepare('PRAGMA data_version').pluck()
    dataVersions.set(db, (read = () => statement.get() as number))
  }
  return read()
}

const counted = new WeakMap<Database, { dataVersion: number; revision: number; categories: CategoryWithCount[] }>()

/**
 * The categories in menu order, with how many products each holds: counted once per database and
 * kept, since counting reads every product and the root loader asks on every page.
 *
 * A count changes when a product is created, moved to another category, archived or restored (the
 * admin's catalog writes bump the catalog revision, app/lib/catalog-revision.ts), or when the
 * catalog is replaced by seeding in another process (`npm run db:seed`, whose commit SQLite's data
 * version reports). On PostgreSQL another server process may make the admin's write: every process
 * bumps its revision when it hears the write's live event (app/http/database.ts). PostgreSQL has no
 * data version: after a reseed, restart the servers (docs/scaling.md).
 */
export async function listCategories(db: Database): Promise<CategoryWithCount[]> {
  const version = engineOf(db) === 'sqlite' ? dataVersion(db as AppDatabase) : 0
  const revision = catalogRevision(db)
  const kept = counted.get(db)
  if (kept?.dataVersion === version && kept.revision === revision) return kept.categories
  const fresh = await read(db, all(categoriesWithCounts))
  counted.set(db, { dataVersion: version, revision, categories: fresh })
  return fresh
}

/**
 * Drops the kept counts: call it after committing a write on this connection that creates, removes
 * or re-categorises a product, or reseeds the catalog in this process.
 */
export function forgetCategoryCounts(db: Database) {
  counted.delete(db)
}
