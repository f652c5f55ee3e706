/**
 * A counter per database, bumped after a write commits that changes which products a category
 * holds (a product created, moved, archived or restored). What is computed from the whole
 * catalog and kept in memory (the category counts) is kept only while the counter stands still.
 * SQLite's data version does not see a connection's own commits, so the writer says so here.
 */
const revisions = new WeakMap<object, number>()

export const catalogRevision = (db: object) => revisions.get(db) ?? 0

export function bumpCatalogRevision(db: object) {
  revisions.set(db, catalogRevision(db) + 1)
}
