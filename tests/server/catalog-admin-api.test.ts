import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { adminProductSchema, catalogChangePageSchema, productChangeSchema } from '~/features/inventory/catalog-admin.answers'
import { setUpShopOnEitherEngine } from '../support/fresh-shop'
import { countRows, readProduct } from '../support/shop-rows'
import { recordLiveEvents } from '../support/live-events'

const json = (method: string, body: unknown, cookie: string) => ({
  method,
  headers: { 'content-type': 'application/json', cookie },
  body: JSON.stringify(body),
})

const newLamp = { name: 'Brass Reading Lamp', description: 'A lamp for long evenings.', categorySlug: 'lighting', sku: 'lgt-new-001', priceCents: 12_900, stock: 7 }

describe('the admin’s catalog', () => {
  const shop = setUpShopOnEitherEngine({ products: 60 })
  const { api } = shop

  async function create(cookie: string, input: object = newLamp) {
    return api('/api/admin/catalog/products', json('POST', input, cookie))
  }

  it('creates a product on sale, with a slug from its name, its opening stock and an audit entry', async () => {
    const cookie = await shop.adminCookie()
    const events = recordLiveEvents(shop.db)
    const response = await create(cookie)
    expect(response.status).toBe(201)
    const { product, previous } = productChangeSchema.parse(response.body)
    expect(previous).toBeNull()
    expect(product).toMatchObject({ slug: 'brass-reading-lamp', sku: 'LGT-NEW-001', category: { slug: 'lighting', name: 'Lighting' }, stock: 7, archived: false, version: 1 })
    expect(response.headers.get('location')).toBe(`/api/admin/catalog/products/${product.id}`)
    // Search finds it at once: the search index is kept in step by the database.
    const search = await api('/api/products?q=brass%20reading')
    expect(search.body).toMatchObject({ items: [expect.objectContaining({ id: product.id })] })
    expect(await countRows(shop.db, 'stockMovements', (t) => eq(t.stockMovements.productId, product.id))).toBe(1)
    expect(await countRows(shop.db, 'catalogChanges', (t) => eq(t.catalogChanges.productId, product.id))).toBe(1)
    expect(events.summary()).toEqual(['product → everyone', 'stock → everyone', 'inventory → admins'])
    expect(events.heard.every((event) => !event.duringTransaction)).toBe(true)
    // A second product of the same name gets the next free slug; the same SKU is refused on its field.
    const twin = await create(cookie, { ...newLamp, sku: 'LGT-NEW-002' })
    expect(productChangeSchema.parse(twin.body).product.slug).toBe('brass-reading-lamp-2')
    const sameSku = await create(cookie, { ...newLamp, name: 'Other' })
    expect(sameSku).toMatchObject({ status: 409, body: { error: { code: 'ALREADY_EXISTS', details: [{ path: 'sku' }] } } })
  })

  it('counts a new product in its category at once, though the counts are kept between requests', async () => {
    const cookie = await shop.adminCookie()
    const countOf = async () => ((await api('/api/categories')).body as { items: Array<{ slug: string; productCount: number }> }).items.find((item) => item.slug === 'lighting')?.productCount
    const before = await countOf()
    await create(cookie)
    expect(before).toBeGreaterThan(0)
    expect(await countOf()).toBe((before ?? 0) + 1)
  })

  it('refuses bad input field by field, and writes nothing', async () => {
    const cookie = await shop.adminCookie()
    const before = await countRows(shop.db, 'products')
    const response = await create(cookie, { ...newLamp, name: '  ', categorySlug: 'nowhere', priceCents: -1, sku: 'x' })
    expect(response.status).toBe(400)
    const paths = (response.body as { error: { details: Array<{ path: string }> } }).error.details.map((issue) => issue.path)
    expect(paths).toEqual(expect.arrayContaining(['name', 'priceCents', 'sku']))
    const unknownCategory = await create(cookie, { ...newLamp, categorySlug: 'nowhere' })
    expect(unknownCategory).toMatchObject({ status: 400, body: { error: { details: [{ path: 'categorySlug' }] } } })
    expect(await countRows(shop.db, 'products')).toBe(before)
  })

  it('edits a product at the version the admin saw; an older version is a 409 with the product now', async () => {
    const cookie = await shop.adminCookie()
    const { version, slug, category } = await readProduct(shop.db, 3)
    const renamed = await api('/api/admin/catalog/products/3', json('PATCH', { name: 'Walnut Writing Desk', description: 'New words.', version }, cookie))
    expect(renamed.status).toBe(200)
    const change = productChangeSchema.parse(renamed.body)
    expect(change.product).toMatchObject({ name: 'Walnut Writing Desk', description: 'New words.', slug, version: version + 1 })
    expect(change.previous).toEqual({ slug, categorySlug: category, archived: false })
    const stale = await api('/api/admin/catalog/products/3', json('PATCH', { name: 'Mine', version }, cookie))
    expect(stale).toMatchObject({ status: 409, body: { error: { code: 'VERSION_CONFLICT', details: { current: { name: 'Walnut Writing Desk', version: version + 1 } } } } })
    expect((await readProduct(shop.db, 3)).name).toBe('Walnut Writing Desk')
    // A field an edit does not change (the SKU) is refused, not dropped.
    const sku = await api('/api/admin/catalog/products/3', json('PATCH', { sku: 'NEW-SKU', name: 'X', version: version + 1 }, cookie))
    expect(sku).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_ERROR' } } })
    expect(await readProduct(shop.db, 3)).toMatchObject({ name: 'Walnut Writing Desk', version: version + 1 })
    const trail = catalogChangePageSchema.parse((await api('/api/admin/catalog/changes?productId=3', { headers: { cookie } })).body)
    expect(trail.items).toEqual([expect.objectContaining({ action: 'edit', actor: 'admin@cartwheel.test', note: expect.stringContaining('Renamed') })])
  })

  it('moves a product to another category and keeps its old address as a redirect when the slug changes', async () => {
    const cookie = await shop.adminCookie()
    const { version, slug } = await readProduct(shop.db, 4)
    const moved = await api('/api/admin/catalog/products/4', json('PATCH', { categorySlug: 'outdoor', slug: 'garden-bench-special', version }, cookie))
    expect(moved.status).toBe(200)
    expect(productChangeSchema.parse(moved.body).product).toMatchObject({ slug: 'garden-bench-special', category: { slug: 'outdoor' } })
    const trail = catalogChangePageSchema.parse((await api('/api/admin/catalog/changes?productId=4', { headers: { cookie } })).body)
    expect(trail.items[0]).toMatchObject({ action: 'move' })
    // The old address finds the product under its new one (the product page redirects there, 301).
    expect((await api(`/api/products/${slug}`)).body).toMatchObject({ id: 4, slug: 'garden-bench-special' })
    // The old address is now taken: no other product may use it.
    const other = await readProduct(shop.db, 5)
    const taken = await api('/api/admin/catalog/products/5', json('PATCH', { slug, version: other.version }, cookie))
    expect(taken).toMatchObject({ status: 409, body: { error: { code: 'ALREADY_EXISTS', details: [{ path: 'slug' }] } } })
  })

  it('archives and restores: search drops the product and finds it again, and each is audited', async () => {
    const cookie = await shop.adminCookie()
    const { version, name } = await readProduct(shop.db, 6)
    const words = encodeURIComponent(name)
    const archived = await api('/api/admin/catalog/products/6/archive', json('POST', { version }, cookie))
    expect(productChangeSchema.parse(archived.body).product).toMatchObject({ archived: true, version: version + 1 })
    expect(((await api(`/api/products?q=${words}`)).body as { items: Array<{ id: number }> }).items.map((item) => item.id)).not.toContain(6)
    expect(adminProductSchema.parse((await api('/api/admin/catalog/products/6', { headers: { cookie } })).body).archived).toBe(true)
    const restored = await api('/api/admin/catalog/products/6/restore', json('POST', { version: version + 1 }, cookie))
    expect(productChangeSchema.parse(restored.body).product.archived).toBe(false)
    expect(((await api(`/api/products?q=${words}`)).body as { items: Array<{ id: number }> }).items.map((item) => item.id)).toContain(6)
    const trail = catalogChangePageSchema.parse((await api('/api/admin/catalog/changes?productId=6', { headers: { cookie } })).body)
    expect(trail.items.map((entry) => entry.action)).toEqual(['restore', 'archive'])
  })

  it('creates and renames categories, versioned', async () => {
    const cookie = await shop.adminCookie()
    const created = await api('/api/admin/catalog/categories', json('POST', { name: 'Garden & Patio' }, cookie))
    expect(created).toMatchObject({ status: 201, body: { slug: 'garden-patio', name: 'Garden & Patio', version: 1, productCount: 0 } })
    expect((await api('/api/admin/catalog/categories', json('POST', { name: 'Garden Patio' }, cookie))).status).toBe(409)
    const renamed = await api('/api/admin/catalog/categories/garden-patio', json('PATCH', { name: 'Garden', version: 1 }, cookie))
    expect(renamed).toMatchObject({ status: 200, body: { slug: 'garden-patio', name: 'Garden', version: 2 } })
    expect((await api('/api/admin/catalog/categories/garden-patio', json('PATCH', { name: 'Yard', version: 1 }, cookie))).status).toBe(409)
    // A name another category has (in any case) is refused on its field, as are invisible names.
    expect(await api('/api/admin/catalog/categories', json('POST', { name: 'desks', slug: 'desks-2' }, cookie))).toMatchObject({ status: 409, body: { error: { code: 'ALREADY_EXISTS', details: [{ path: 'name' }] } } })
    expect(await api('/api/admin/catalog/categories/garden-patio', json('PATCH', { name: 'Chairs', version: 2 }, cookie))).toMatchObject({ status: 409, body: { error: { details: [{ path: 'name' }] } } })
    expect(await api('/api/admin/catalog/categories', json('POST', { name: '\u200b', slug: 'blank' }, cookie))).toMatchObject({ status: 400, body: { error: { details: [{ path: 'name' }] } } })
    const storefront = (await api('/api/categories')).body as { items: Array<{ slug: string; name: string }> }
    expect(storefront.items).toContainEqual(expect.objectContaining({ slug: 'garden-patio', name: 'Garden' }))
  })
})
