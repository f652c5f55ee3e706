import { randomUUID } from 'node:crypto'
import { statSync } from 'node:fs'
import Database from 'better-sqlite3'
import { holdRequest, tryToConnect } from './held-request'
import { checkoutDetails, httpShopper, productInStock } from './http-shopper'
import { expect, test } from './production-server'

const walBytes = (databasePath: string) => statSync(`${databasePath}-wal`, { throwIfNoEntry: false })?.size ?? 0

test('SIGTERM lets a checkout in flight finish with 201, refuses new connections, and exits 0 leaving no write-ahead log', async ({ production }) => {
  const server = await production.start()
  const { productId, stock } = await productInStock(server.url, 2)
  const shopper = httpShopper(server.url)
  expect((await shopper.add(productId, 2)).status).toBe(200)
  const key = randomUUID()
  const checkout = await holdRequest(server.url, '/api/checkout', JSON.stringify(checkoutDetails), { cookie: shopper.cookie ?? '', 'idempotency-key': key })

  const before = server.output().length
  server.kill('SIGTERM')
  await server.waitForOutput(/SIGTERM: refusing new connections/, before)
  expect(await tryToConnect(server.port)).toBe('ECONNREFUSED')

  checkout.finish()
  expect((await checkout.response).status).toBe(201)
  expect(await server.exited).toEqual({ code: 0, signal: null })

  // Everything is in the main file: the order, and the stock it took.
  expect(walBytes(production.databasePath)).toBe(0)
  const db = new Database(production.databasePath)
  expect(db.prepare('SELECT count(*) AS n FROM orders WHERE idempotency_key = ?').get(key)).toEqual({ n: 1 })
  expect(db.prepare('SELECT stock FROM products WHERE id = ?').get(productId)).toEqual({ stock: stock - 2 })
  db.close()
})

test('a request still in flight when the grace period ends is cut off, and the server still exits 0', async ({ production }) => {
  const server = await production.start({ env: { SHUTDOWN_GRACE_MS: '300' } })
  const { productId } = await productInStock(server.url, 2)
  expect((await httpShopper(server.url).add(productId, 1)).status).toBe(200)
  expect(walBytes(production.databasePath)).toBeGreaterThan(0)
  const stalled = await holdRequest(server.url, '/api/cart/lines', JSON.stringify({ productId, quantity: 1 }))
  server.kill('SIGTERM')

  await expect(stalled.response).rejects.toThrow(/socket hang up|ECONNRESET/)
  expect(await server.exited).toEqual({ code: 0, signal: null })
  expect(walBytes(production.databasePath)).toBe(0)
})

test('`npm run serve` hands SIGTERM on to the server, which stops gracefully', async ({ production }) => {
  const server = await production.start({ viaNpm: true })
  server.kill('SIGTERM')

  await server.waitForOutput(/Stopped: the database is checkpointed and closed/)
  expect(await server.exited).toEqual({ code: 0, signal: null })
  expect(await tryToConnect(server.port)).toBe('ECONNREFUSED')
})
