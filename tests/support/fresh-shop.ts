import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest'
import type { AppDatabase } from '#db/connection'
import type { Database } from '#db/work'
import { openShopDatabase, type ShopDatabase } from './engine-database'
import { setEveryStock, updateProduct as updateProductRow } from './shop-rows'
import { products as productTable } from '#db/schema'
import { updateProduct } from './database-rows'
import { createApiCaller, createBrowser, createTestDatabase, SEEDED_ADMIN, type ApiCaller } from './test-database'

type ShopOptions = {
  /** How many products the seeded catalog holds. */
  products: number
  /** Every product's stock, when the seed's mix of sold-out and low stock would get in the way. */
  stock?: number
  /**
   * 'each test' (the default) isolates every test. 'once' shares one shop among the tests of the
   * file or describe block: only for tests that read, since each shop costs a seed and a scrypt hash.
   */
  fresh?: 'each test' | 'once'
}

async function signInAsSeededAdmin(api: ApiCaller) {
  const response = await api('/api/admin/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(SEEDED_ADMIN),
  })
  expect(response.status).toBe(204)
  return (response.headers.get('set-cookie') ?? '').split(';')[0] as string
}

/**
 * A fresh shop for the tests around the call: a real SQLite database, migrated and seeded, and
 * the API in front of it, called the way the browser calls it.
 */
export function setUpShop({ products, stock, fresh = 'each test' }: ShopOptions) {
  let current: { db: AppDatabase; api: ApiCaller } | undefined
  const now = () => {
    if (!current) throw new Error('The shop is used outside a test')
    return current
  }

  const open = () => {
    const db = createTestDatabase({ products })
    if (stock !== undefined) db.update(productTable).set({ stock }).run()
    current = { db, api: createApiCaller(db) }
  }
  if (fresh === 'once') beforeAll(open)
  else beforeEach(open)

  /** The API of the current test's shop (the same function for every test, so it can be destructured). */
  const api: ApiCaller = (path, init) => now().api(path, init)

  return {
    get db() {
      return now().db
    },
    api,
    /** Sets a product's stock in the database, as another shopper's purchase or an admin would. */
    setStock: (id: number, stock: number) => updateProduct(now().db, id, { stock }),
    /** A new browser: its own cart cookie, nothing in its cart yet. */
    createShopper: () => createBrowser(api),
    /** Signs in as the seeded admin; returns the Cookie header that carries the session. */
    adminCookie: () => signInAsSeededAdmin(api),
  }
}

/**
 * setUpShop on the test engine (tests/support/engine-database.ts): SQLite, or PostgreSQL when the
 * vitest project says so. The same API in front; `db` is either engine's, for the helpers of
 * tests/support/shop-rows.ts.
 */
export function setUpShopOnEitherEngine({ products, stock, fresh = 'each test' }: ShopOptions) {
  let current: { opened: ShopDatabase; api: ApiCaller } | undefined
  const now = () => {
    if (!current) throw new Error('The shop is used outside a test')
    return current
  }

  const open = async () => {
    const opened = await openShopDatabase({ products })
    if (stock !== undefined) await setEveryStock(opened.db, stock)
    current = { opened, api: createApiCaller(opened.db) }
  }
  const close = async () => {
    const closing = current
    current = undefined
    await closing?.opened.close()
  }
  if (fresh === 'once') {
    beforeAll(open)
    afterAll(close)
  } else {
    beforeEach(open)
    afterEach(close)
  }

  const api: ApiCaller = (path, init) => now().api(path, init)

  return {
    get db(): Database {
      return now().opened.db
    },
    api,
    /** Sets a product's stock in the database, as another shopper's purchase or an admin would. */
    setStock: (id: number, stock: number) => updateProductRow(now().opened.db, id, { stock }),
    /** A new browser: its own cart cookie, nothing in its cart yet. */
    createShopper: () => createBrowser(api),
    /** Signs in as the seeded admin; returns the Cookie header that carries the session. */
    adminCookie: () => signInAsSeededAdmin(api),
  }
}
