import { request as playwrightRequest, type APIRequestContext } from '@playwright/test'
import { startPostgres, type PostgresServer } from '../support/postgres-server'
import { expect, test } from './fixtures'
import { checkoutDetails } from './http-shopper'
import { runNpmScript, startProductionServer, type ProductionServer } from './production-server'
import { productWithStock, recordApiRequests, setStock, stockOf, waitForHydration } from './support'

/**
 * The shop scaled out: two production servers (two processes, as behind any load balancer) on one
 * PostgreSQL database, which this file starts itself (tests/support/postgres-server.ts). Shoppers
 * and admins are spread over both; nothing in a process is shared but the database.
 */
test.describe('two server processes on one PostgreSQL database', () => {
  test.describe.configure({ mode: 'serial', timeout: 120_000 })

  let postgres: PostgresServer
  let servers: ProductionServer[] = []
  let api: APIRequestContext[] = []

  test.beforeAll(async () => {
    test.setTimeout(120_000)
    postgres = await startPostgres()
    const env = { DATABASE_URL: postgres.createDatabase('shop') }
    const seeded = await runNpmScript('db:seed', ['--products', '300'], env)
    expect(seeded.code, seeded.output).toBe(0)
    servers = await Promise.all([startProductionServer({ databasePath: '', env }), startProductionServer({ databasePath: '', env })])
    api = await Promise.all(servers.map((server) => playwrightRequest.newContext({ baseURL: server.url })))
  })

  test.afterAll(async () => {
    await Promise.all(api.map((context) => context.dispose()))
    for (const server of servers) server.killGroup()
    await Promise.all(servers.map((server) => server.exited))
    postgres?.stop()
  })

  test('each process says it serves the PostgreSQL database', () => {
    for (const server of servers) expect(server.output()).toMatch(/Cartwheel is serving the PostgreSQL database postgres:\/\/.+\/shop on/)
  })

  test('120 shoppers spread over both race for 25 units: exactly 25 orders, stock 0 on both, no 5xx', async () => {
    const [a, b] = api as [APIRequestContext, APIRequestContext]
    const product = await productWithStock(a, 3, 500)
    const shoppers = await Promise.all(
      Array.from({ length: 120 }, async (_, index) => {
        const shopper = await playwrightRequest.newContext({ baseURL: (servers[index % 2] as ProductionServer).url })
        expect((await shopper.post('/api/cart/lines', { data: { productId: product.productId, quantity: 1 } })).status()).toBe(200)
        return shopper
      }),
    )
    await setStock(b, product.productId, 25)

    const statuses = await Promise.all(
      shoppers.map(async (shopper, index) => (await shopper.post('/api/checkout', { data: checkoutDetails, headers: { 'idempotency-key': `race-${index}-${Date.now()}` } })).status()),
    )

    expect(statuses.filter((status) => status >= 500)).toEqual([])
    expect(statuses.filter((status) => status === 201)).toHaveLength(25)
    expect(statuses.filter((status) => status === 409)).toHaveLength(95)
    // Each process sold some: the race really ran across both.
    expect(new Set(statuses.flatMap((status, index) => (status === 201 ? [index % 2] : []))).size).toBe(2)
    expect([await stockOf(a, product.productId), await stockOf(b, product.productId)]).toEqual([0, 0])
    const movements = (await (await a.get(`/api/admin/stock-movements?productId=${product.productId}&pageSize=100`)).json()) as { items: Array<{ delta: number; reason: string }> }
    expect(movements.items.filter((movement) => movement.reason === 'sale').reduce((sum, movement) => sum + movement.delta, 0)).toBe(-25)
    await Promise.all(shoppers.map((shopper) => shopper.dispose()))
  })

  test('an admin’s change on one process reaches a shopper connected to the other, with no request from the page', async ({ page }) => {
    const [a, b] = api as [APIRequestContext, APIRequestContext]
    const product = await productWithStock(a, 4, 5)
    await page.goto(`${(servers[1] as ProductionServer).url}/products/${product.slug}`)
    await waitForHydration(page)
    await expect(page.getByText('Only 5 left')).toBeVisible()
    const recorded = recordApiRequests(page)

    await setStock(a, product.productId, 2)

    await expect(page.getByText('Only 2 left')).toBeVisible({ timeout: 10_000 })
    await recorded.settle()
    expect(recorded.requests).toEqual([])
    expect(await stockOf(b, product.productId)).toBe(2)
  })

  test('a product taken off sale on one process leaves the other process’s category counts', async () => {
    const [a, b] = api as [APIRequestContext, APIRequestContext]
    const product = await productWithStock(a, 5, 5)
    const detail = (await (await b.get(`/api/products/${product.slug}`)).json()) as { category: { slug: string } }
    const countOn = async (context: APIRequestContext) => {
      const { items } = (await (await context.get('/api/categories')).json()) as { items: Array<{ slug: string; productCount: number }> }
      return items.find((category) => category.slug === detail.category.slug)?.productCount
    }
    const before = await countOn(b)

    const archived = await a.post(`/api/admin/catalog/products/${product.productId}/archive`, { data: { version: product.version } })
    expect(archived.status()).toBe(200)

    // The other process keeps its counts in memory: the live event tells it they moved.
    await expect.poll(() => countOn(b), { timeout: 10_000 }).toBe((before ?? 0) - 1)
  })
})

