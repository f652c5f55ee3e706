import { mergeTests } from '@playwright/test'
import Database from 'better-sqlite3'
import { expect, test as pageTest } from './fixtures'
import { productInStock } from './http-shopper'
import { test as productionTest } from './production-server'
import { streamCuttingProxy } from './stream-cutting-proxy'
import { holdRequests, productWithStock, recordApiRequests, setStock, waitForHydration } from './support'

const test = mergeTests(pageTest, productionTest)

// Generous: a busy CI machine must not fail these. The latency goal (p95 under 1 s) is measured by `npm run bench`.
const ARRIVES = { timeout: 10_000 }

async function slugOf(baseUrl: string, productId: number) {
  const listed = (await (await fetch(new URL('/api/products?pageSize=100', baseUrl))).json()) as { items: Array<{ id: number; slug: string }> }
  const slug = listed.items.find((item) => item.id === productId)?.slug
  if (!slug) throw new Error('no slug')
  return slug
}

test('after the server restarts, an open product page shows a stock change made while it was down', async ({ page, production }) => {
  const server = await production.start()
  const { productId, stock } = await productInStock(server.url, 6)
  await page.goto(`${server.url}/products/${await slugOf(server.url, productId)}`)
  await waitForHydration(page)
  await expect(page.getByText(`${stock.toLocaleString('en-US')} available`)).toBeVisible()

  server.kill('SIGTERM')
  await server.exited
  const db = new Database(production.databasePath)
  db.prepare('UPDATE products SET stock = 3, version = version + 1 WHERE id = ?').run(productId)
  db.close()
  // The new process cannot resume from the old one's ids: it sends a reset, and the page refetches.
  await production.start({ port: server.port })

  await expect(page.getByText('Only 3 left')).toBeVisible(ARRIVES)
})

test('a stock change published while the stream was cut arrives when it reconnects, resumed from its last event id', async ({ page, request, baseURL }) => {
  const product = await productWithStock(request, 48, 5)
  const proxy = await streamCuttingProxy(new URL(baseURL ?? ''))
  await page.goto(`${proxy.url}/products/${product.slug}`)
  await waitForHydration(page)
  // A first event gives the stream an id to resume from.
  await setStock(request, product.productId, 4)
  await expect(page.getByText('Only 4 left')).toBeVisible(ARRIVES)
  const reconnect = await holdRequests(page, '**/api/events?*')
  const recorded = recordApiRequests(page)

  expect(proxy.cutStreams()).toBe(1)
  await expect.poll(() => reconnect.arrived.length, ARRIVES).toBe(1)
  // Committed while the page has no stream: only a resume can bring it.
  await setStock(request, product.productId, 2)
  reconnect.release()

  await expect(page.getByText('Only 2 left')).toBeVisible(ARRIVES)
  expect(proxy.streamsOpened).toEqual([{ lastEventId: null }, { lastEventId: expect.stringMatching(/^\d+$/) }])
  await recorded.settle()
  expect(recorded.requests).toEqual([expect.stringMatching(/^GET \/api\/events\?/)])
  await proxy.close()
})
