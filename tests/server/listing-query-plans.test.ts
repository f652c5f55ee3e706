import { afterEach, describe, expect, it, vi } from 'vitest'
import type { AppDatabase } from '#db/connection'
import { sortOptions, type ProductListFilters } from '~/features/catalog/catalog.schemas'
import { listProducts } from '~/features/catalog/catalog.server'
import { forgetCategoryCounts, listCategories } from '~/features/catalog/category-counts.server'
import { setUpShop } from '../support/fresh-shop'

// Plans follow the statistics ANALYZE gathered when seeding; 2,000 products give the same plans
// as the bench's 100,000 (docs/performance.md).
const shop = setUpShop({ products: 2000, fresh: 'once' })

type Statement = { sql: string; params: unknown[] }

/**
 * Every statement `run` makes on the database, with its parameters, and SQLite's plan for each
 * (EXPLAIN QUERY PLAN's lines).
 */
function plansOf(db: AppDatabase, run: () => void) {
  const client = db.$client
  const prepare = client.prepare.bind(client)
  const ran: Statement[] = []
  const spy = vi.spyOn(client, 'prepare').mockImplementation((sql: string) => {
    const statement = prepare(sql)
    const recorded: typeof statement = new Proxy(statement, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property)
        if (typeof value !== 'function') return value
        if (property === 'all' || property === 'get' || property === 'run') {
          return (...params: unknown[]) => {
            ran.push({ sql, params })
            return value.apply(target, params) as unknown
          }
        }
        // A setting (raw, pluck) answers the statement: keep answering the recording one.
        return (...args: unknown[]) => {
          const result: unknown = value.apply(target, args)
          return result === target ? recorded : result
        }
      },
    })
    return recorded
  })
  try {
    run()
  } finally {
    spy.mockRestore()
  }
  return ran.map(({ sql, params }) => ({
    sql,
    plan: (prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((line) => line.detail),
  }))
}

/** A plan line that reads the whole products table, row by row, rather than an index of it. */
const scansProducts = (line: string) => /^SCAN products\b(?! USING)/.test(line)

const shapes = (['desks', undefined] as const).flatMap((category) =>
  sortOptions.flatMap((sort) =>
    (['walnut', undefined] as const).flatMap((q) =>
      [false, true].map((inStock): ProductListFilters => ({ ...(category && { category }), ...(q && { q }), ...(inStock && { inStock }), sort, page: 2, pageSize: 24 })),
    ),
  ),
)

describe('the storefront’s listings read only the indexes of products on sale', () => {
  afterEach(() => vi.restoreAllMocks())

  it.each(shapes.map((filters) => [JSON.stringify(filters), filters] as const))('%s reads products through an index, never by scanning them', (_name, filters) => {
    const statements = plansOf(shop.db, () => listProducts(shop.db, filters))
    expect(statements.length).toBeGreaterThan(0)
    for (const { sql, plan } of statements) {
      expect({ sql, scans: plan.filter(scansProducts) }).toEqual({ sql, scans: [] })
      // Without words the index gives the sort's order, and the page stops after offset + limit.
      if (!filters.q) expect({ sql, sorts: plan.filter((line) => line.includes('TEMP B-TREE')) }).toEqual({ sql, sorts: [] })
    }
  })

  it('counts each category’s products on sale from a partial index', () => {
    forgetCategoryCounts(shop.db)
    const [counting] = plansOf(shop.db, () => listCategories(shop.db)).filter((statement) => statement.sql.includes('count('))
    expect(counting?.plan.filter(scansProducts)).toEqual([])
    expect(counting?.plan.some((line) => /SEARCH products USING (COVERING )?INDEX products_category_\w+_idx/.test(line))).toBe(true)
  })
})
