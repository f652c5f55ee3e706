import { and, between, desc, eq, gt } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { all, read, run } from '#db/work'
import { categoryListSchema, productPageSchema, productSchema, stockBatchSchema, type ProductSummary } from '~/features/catalog/catalog.schemas'
import { handleApiRequest } from '~/http/api-router'
import { setUpShopOnEitherEngine } from '../support/fresh-shop'
import { countRows, readProduct, renameSlug, setArchived, updateProduct } from '../support/shop-rows'

type Page = { items: ProductSummary[]; page: number; pageSize: number; total: number; totalPages: number }

// Every test only reads, so they share one shop.
const shop = setUpShopOnEitherEngine({ products: 600, fresh: 'once' })
const { api } = shop

async function getPage(query: string) {
  const response = await api(`/api/products?${query}`)
  expect(response.status).toBe(200)
  return productPageSchema.parse(response.body) as Page
}

async function getAll(query: string) {
  const first = await getPage(`${query}&pageSize=100&page=1`)
  const items = [...first.items]
  for (let page = 2; page <= first.totalPages; page++) items.push(...(await getPage(`${query}&pageSize=100&page=${page}`)).items)
  return { total: first.total, items }
}

// Every product's creation time, read once (after the shop is set up), for the comparisons of a sort.
let createdAt = new Map<number, number>()
beforeAll(async () => {
  createdAt = new Map((await read(shop.db, all((db, t) => db.select({ id: t.products.id, createdAt: t.products.createdAt }).from(t.products)))).map((row) => [row.id, row.createdAt]))
})
const createdAtOf = (id: number) => createdAt.get(id) ?? Number.NaN

describe('GET /api/health', () => {
  it('answers ok', async () => {
    expect(await api('/api/health')).toMatchObject({ status: 200, body: { ok: true } })
  })
})

describe('GET /api/categories', () => {
  it('lists the 12 categories with product counts that add up to the catalog', async () => {
    const { status, body } = await api('/api/categories')
    const { items } = body as { items: Array<{ slug: string; name: string; productCount: number }> }
    expect(status).toBe(200)
    expect(items).toHaveLength(12)
    expect(items.reduce((sum, category) => sum + category.productCount, 0)).toBe(600)
  })
})

describe('GET /api/products', () => {
  it('answers the first page of 24 by default with consistent totals', async () => {
    const page = await getPage('')
    expect(page).toMatchObject({ page: 1, pageSize: 24, total: 600, totalPages: 25 })
    expect(page.items).toHaveLength(24)
  })

  it('pages through every product exactly once', async () => {
    const { total, items } = await getAll('sort=name')
    expect(items).toHaveLength(total)
    expect(new Set(items.map((item) => item.id)).size).toBe(total)
  })

  it.each([
    ['price-asc', (a: ProductSummary, b: ProductSummary) => a.priceCents <= b.priceCents],
    ['price-desc', (a: ProductSummary, b: ProductSummary) => a.priceCents >= b.priceCents],
    ['name', (a: ProductSummary, b: ProductSummary) => a.name <= b.name],
    ['newest', (a: ProductSummary, b: ProductSummary) => createdAtOf(a.id) >= createdAtOf(b.id)],
  ])('orders every page by %s, across page boundaries', async (sort, inOrder) => {
    const { items } = await getAll(`sort=${sort}`)
    const outOfOrder = items.slice(1).filter((item, index) => !inOrder(items[index] as ProductSummary, item))
    expect(outOfOrder).toEqual([])
  })

  it('answers "relevance" without search words exactly as "newest" (the cache keys them as one)', async () => {
    expect(await getPage('sort=relevance&page=3')).toEqual(await getPage('sort=newest&page=3'))
  })

  it('matches search words whatever their case (the cache keys them lower-cased)', async () => {
    expect(await getPage('q=Walnut%20DESK')).toEqual(await getPage('q=walnut%20desk'))
  })

  it('filters by category', async () => {
    const { items, total } = await getAll('category=desks')
    expect(total).toBeGreaterThan(0)
    expect(items.every((item) => item.category.slug === 'desks')).toBe(true)
  })

  it('filters by a price range in cents, inclusive', async () => {
    const { items, total } = await getAll('minPrice=5000&maxPrice=10000')
    expect(total).toBeGreaterThan(0)
    expect(items.every((item) => item.priceCents >= 5000 && item.priceCents <= 10000)).toBe(true)
  })

  it('keeps only products in stock when inStock=true', async () => {
    const all = await getAll('sort=name')
    const inStock = await getAll('inStock=true')
    expect(all.items.some((item) => item.stock === 0)).toBe(true)
    expect(inStock.items.every((item) => item.stock > 0)).toBe(true)
    expect(inStock.total).toBe(all.items.filter((item) => item.stock > 0).length)
  })

  it('combines filters, sort and paging', async () => {
    // The chairs in stock from $200 to $700, most expensive first, as a plain query finds them.
    const rows = await read(
      shop.db,
      all((db, { products }) =>
        db
          .select({ id: products.id })
          .from(products)
          .where(and(eq(products.category, 'chairs'), gt(products.stock, 0), between(products.priceCents, 20000, 70000)))
          .orderBy(desc(products.priceCents), desc(products.id)),
      ),
    )
    const matching = rows.map((row) => row.id)
    // The seeded shop has more than four pages of them, so page 4 is full.
    expect(matching.length).toBeGreaterThan(20)

    const page = await getPage('category=chairs&inStock=true&minPrice=20000&maxPrice=70000&sort=price-desc&page=4&pageSize=5')
    expect(page).toMatchObject({ page: 4, pageSize: 5, total: matching.length, totalPages: Math.ceil(matching.length / 5) })
    expect(page.items.map((item) => item.id)).toEqual(matching.slice(15, 20))
  })

  it('finds products by words in their name, as a prefix of the last word', async () => {
    const { items, total } = await getAll('q=wal')
    expect(total).toBeGreaterThan(0)
    const texts = await Promise.all(items.map(async (item) => ({ item, ...(await readProduct(shop.db, item.id)) })))
    expect(texts.filter(({ name, description }) => !/\bwal/i.test(`${name} ${description}`)).map(({ item }) => item)).toEqual([])
    expect(items.filter((item) => /\bwalnut\b/i.test(item.name)).length).toBeGreaterThan(0)
  })

  it('ranks a name match above a description-only match for relevance', async () => {
    // The engines rank by their own measure (SQLite's bm25 over its FTS5 index, the name weighing ten
    // times the description; PostgreSQL's ts_rank, the name weighted A and the description D), so
    // the order among name matches differs by engine by design: only name before description is pinned.
    const { items } = await getAll('q=desk&sort=relevance')
    const firstDescriptionOnly = items.findIndex((item) => !/desk/i.test(item.name))
    const lastNameMatch = items.findLastIndex((item) => /desk/i.test(item.name))
    expect(lastNameMatch).toBeGreaterThanOrEqual(0)
    if (firstDescriptionOnly !== -1) expect(lastNameMatch).toBeLessThan(firstDescriptionOnly)
  })

  it('answers a search with no other filter exactly as the same search within a filter every product passes', async () => {
    // On SQLite words alone are answered from the search index; with any filter, from products
    // joined to it. PostgreSQL answers both with one query.
    for (const sort of ['relevance', 'name']) {
      const alone = await getAll(`q=desk&sort=${sort}`)
      expect(alone.total).toBeGreaterThan(5)
      expect(alone).toEqual(await getAll(`q=desk&sort=${sort}&minPrice=0`))
      expect(await getPage(`q=desk&sort=${sort}&pageSize=5&page=2`)).toEqual(await getPage(`q=desk&sort=${sort}&minPrice=0&pageSize=5&page=2`))
    }
  })

  it('counts every match of a search on a page past its last one', async () => {
    // Within a page the count rides along with the page's rows; past the last, there are none.
    for (const query of ['q=desk&sort=name', 'q=desk&inStock=true', 'q=desk']) {
      const { total, totalPages } = await getPage(query)
      expect(total).toBeGreaterThan(0)
      expect(await getPage(`${query}&page=${totalPages + 1}`)).toMatchObject({ items: [], total, totalPages })
    }
  })

  it('treats search operators in q as plain words', async () => {
    const response = await api(`/api/products?q=${encodeURIComponent('desk" OR name:* NEAR(')}`)
    expect(response.status).toBe(200)
  })

  it('answers an empty page past the last one', async () => {
    const page = await getPage('page=999')
    expect(page).toMatchObject({ items: [], page: 999, total: 600 })
  })

  it('answers an empty list for a search without any word characters', async () => {
    expect(await getPage('q=%25%25%25')).toMatchObject({ items: [], total: 0, totalPages: 0 })
  })

  it.each([
    'pageSize=0',
    'pageSize=101',
    'sort=bogus',
    'page=-1',
    'page=0',
    'page=1.5',
    'minPrice=x',
    'maxPrice=-5',
    'minPrice=900&maxPrice=100',
    'inStock=maybe',
    'category=Not%20A%20Slug',
    'page=1&page=2',
    `q=${'a'.repeat(201)}`,
  ])('answers 400 VALIDATION_ERROR for %s', async (query) => {
    const { status, body } = await api(`/api/products?${query}`)
    expect(status).toBe(400)
    expect(body).toMatchObject({ error: { code: 'VALIDATION_ERROR', message: expect.any(String), details: expect.any(Array) } })
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/)
  })

  it('names the broken rule in English in the details, as zod words it', async () => {
    const { body } = await api('/api/products?pageSize=101')
    expect(body).toMatchObject({
      error: { details: [{ path: 'pageSize', code: 'too_big', message: 'Too big: expected number to be <=100' }] },
    })
  })
})

describe('GET /api/products/:slug', () => {
  it('answers the product with its description and version', async () => {
    const [first] = (await getPage('pageSize=1')).items
    const { status, body } = await api(`/api/products/${first?.slug}`)
    expect(status).toBe(200)
    expect(productSchema.parse(body)).toMatchObject({ id: first?.id, name: first?.name, version: 1, currency: 'USD' })
  })

  it('answers 400, not 500, for a slug that is not valid percent-encoding', async () => {
    expect(await api('/api/products/%E0%A4%A')).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_ERROR' } } })
  })

  it('answers 404 NOT_FOUND for an unknown slug', async () => {
    expect(await api('/api/products/no-such-thing')).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } })
  })
})

describe('GET /api/stock', () => {
  it('answers stock and version per id and lists unknown ids as missing', async () => {
    const { status, body } = await api('/api/stock?ids=1,2,99999,2')
    expect(status).toBe(200)
    const batch = stockBatchSchema.parse(body)
    expect(batch.items.map((item) => item.productId).sort()).toEqual([1, 2])
    expect(batch.missing).toEqual([99999])
  })

  it.each(['', 'ids=', 'ids=abc', 'ids=99999999999999999999', 'ids=1,,2', 'ids=0', `ids=${Array.from({ length: 201 }, (_, index) => index + 1).join(',')}`])(
    'answers 400 VALIDATION_ERROR for "%s"',
    async (query) => {
      expect(await api(`/api/stock?${query}`)).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_ERROR' } } })
    },
  )
})

describe('the API boundary', () => {
  it('answers a JSON 404 for an unknown /api path', async () => {
    expect(await api('/api/does-not-exist')).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } })
  })

  it('answers 405 with Allow for a method the path does not take', async () => {
    const response = await api('/api/products', { method: 'DELETE' })
    expect(response).toMatchObject({ status: 405, body: { error: { code: 'METHOD_NOT_ALLOWED' } } })
    expect(response.headers.get('allow')).toBe('GET, HEAD, OPTIONS')
  })

  it.each(['TRACE', 'CONNECT'])('answers %s with 405 before reading anything', async (method) => {
    const request = new Request('http://localhost:3000/api/health')
    const response = await handleApiRequest(Object.defineProperty(request, 'method', { value: method }), { db: shop.db })
    expect(response.status).toBe(405)
  })

  it('answers OPTIONS with the allowed methods', async () => {
    const response = await api('/api/products', { method: 'OPTIONS' })
    expect(response.status).toBe(204)
    expect(response.headers.get('allow')).toBe('GET, HEAD, OPTIONS')
  })


  it('answers 413 PAYLOAD_TOO_LARGE for a body over 1 MB', async () => {
    const body = 'x'.repeat(1024 * 1024 + 1)
    const response = await api('/api/products', { method: 'POST', body, headers: { 'content-length': String(body.length) } })
    expect(response).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE' } } })
  })

  it('tells browsers not to cache API answers, leaving freshness to the query cache', async () => {
    expect((await api('/api/categories')).headers.get('cache-control')).toBe('no-store')
  })
})

describe('GET /api/cart', () => {
  it('answers an empty cart for a browser without a cart cookie', async () => {
    expect(await api('/api/cart')).toMatchObject({ status: 200, body: { lines: [], itemCount: 0, subtotalCents: 0, currency: 'USD' } })
  })

  it('answers an empty cart, and creates nothing, for an unknown cart token', async () => {
    const response = await api('/api/cart', { headers: { cookie: 'cartwheel_cart=unknown' } })
    expect(response.body).toMatchObject({ lines: [], itemCount: 0 })
    expect(await countRows(shop.db, 'carts')).toBe(0)
  })
})

describe('a product taken off sale', () => {
  // Each test archives or renames: a shop of its own.
  const own = setUpShopOnEitherEngine({ products: 60 })

  /** A product with a name no other has, so a search for it finds it alone, and its category's count. */
  async function uniqueProduct() {
    const product = await readProduct(own.db, 7)
    await updateProduct(own.db, product.id, { name: 'Zanzibar Lantern' })
    const categories = async () => categoryListSchema.parse((await own.api('/api/categories')).body).items
    const countOf = async () => (await categories()).find((category) => category.slug === product.category)?.productCount
    const listed = async (query: string) => productPageSchema.parse((await own.api(`/api/products?${query}&pageSize=100`)).body)
    return { product, countOf, listed }
  }

  it('leaves search, its category’s listing and its count, and comes back to all three when restored', async () => {
    const { product, countOf, listed } = await uniqueProduct()
    const onSale = await countOf()
    expect((await listed('q=zanzibar')).items.map((item) => item.id)).toEqual([product.id])

    await setArchived(own.db, product.id, true)
    expect(await listed('q=zanzibar')).toMatchObject({ items: [], total: 0 })
    expect(await listed('q=zanzibar&category=' + product.category)).toMatchObject({ items: [], total: 0 })
    const category = await listed(`category=${product.category}`)
    expect(category.items.map((item) => item.id)).not.toContain(product.id)
    expect(category.total).toBe((onSale ?? 0) - 1)
    expect(await countOf()).toBe((onSale ?? 0) - 1)
    expect((await listed('sort=name')).total).toBe(59)

    await setArchived(own.db, product.id, false)
    expect((await listed('q=zanzibar')).items.map((item) => item.id)).toEqual([product.id])
    expect((await listed(`category=${product.category}`)).items.map((item) => item.id)).toContain(product.id)
    expect(await countOf()).toBe(onSale)
  })

  it('still has its page, which says it is archived and keeps its description', async () => {
    const { product } = await uniqueProduct()
    await setArchived(own.db, product.id, true)
    const { status, body } = await own.api(`/api/products/${product.slug}`)
    expect(status).toBe(200)
    expect(productSchema.parse(body)).toMatchObject({ id: product.id, archived: true, description: product.description })
  })

  it('is found by a slug it had before a rename, and answers with its slug now', async () => {
    const product = await readProduct(own.db, 9)
    await renameSlug(own.db, product.id, 'renamed-lamp')
    const { status, body } = await own.api(`/api/products/${product.slug}`)
    expect(status).toBe(200)
    expect(productSchema.parse(body)).toMatchObject({ id: product.id, slug: 'renamed-lamp' })
    expect(await own.api('/api/products/renamed-lamp')).toMatchObject({ status: 200, body: { id: product.id, slug: 'renamed-lamp' } })
  })
})

describe('ranking a search', () => {
  // Writes names and descriptions: a shop of its own.
  const own = setUpShopOnEitherEngine({ products: 60 })

  it('puts a product named by the word above one whose description alone holds it', async () => {
    // The word once in each, and ties go to the lower id, the description's: only the weight of the
    // name (bm25's on SQLite, ts_rank's on PostgreSQL) puts the named product first.
    await updateProduct(own.db, 12, { name: 'Zanzibar Lantern' })
    await read(own.db, run((db, t) => db.update(t.products).set({ description: 'A lantern made in Zanzibar.' }).where(eq(t.products.id, 11))))
    const page = productPageSchema.parse((await own.api('/api/products?q=zanzibar&sort=relevance')).body)
    expect(page.items.map((item) => item.id)).toEqual([12, 11])
  })
})

describe('searching common words', () => {
  const own = setUpShopOnEitherEngine({ products: 60 })

  it('finds "with", and a prefix of it, on either engine, as any other word', async () => {
    await updateProduct(own.db, 7, { name: 'Lamp With Shade' })
    const found = async (q: string) => productPageSchema.parse((await own.api(`/api/products?q=${encodeURIComponent(q)}&pageSize=100`)).body).items.map((item) => item.id)
    expect(await found('lamp with')).toContain(7)
    expect(await found('lamp wi')).toContain(7)
    expect(await found('the')).not.toEqual([])
  })
})
