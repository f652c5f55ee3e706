import { randomUUID } from 'node:crypto'
import { httpShopper, stockByProduct } from './http-shopper'
import { expect, test } from './production-server'
import { readShopFile } from './shop-file'

const SHOPPERS = 100
const KILL_AFTER_ACKNOWLEDGED = 20
const STAGGER_MS = 5

test('killed with SIGKILL mid-checkout and restarted: every 201 is an order, no unit lost or made up, the file intact, each key replays its order', async ({ production }) => {
  test.setTimeout(120_000)
  const server = await production.start()
  const initial = await stockByProduct(server.url, 20)
  const inStock = Object.keys(initial).map(Number).filter((id) => (initial[id] ?? 0) > 0)

  // A hundred carts of one or two lines, filled ten at a time.
  const shoppers = Array.from({ length: SHOPPERS }, () => httpShopper(server.url))
  for (let start = 0; start < SHOPPERS; start += 10) {
    await Promise.all(
      shoppers.slice(start, start + 10).map(async (shopper, offset) => {
        const index = start + offset
        await shopper.add(inStock[index % inStock.length] as number, 1)
        if (index % 2 === 0) await shopper.add(inStock[(index + 7) % inStock.length] as number, 2)
      }),
    )
  }

  // The checkouts go out a few milliseconds apart, so that some are always still on their way when
  // the server is killed, as the 20th answer 201 arrives (all at once, a fast server could answer
  // every one before the kill lands).
  let acknowledgedCount = 0
  const attempts = await Promise.all(
    shoppers.map(async (shopper, index) => {
      await new Promise((resolve) => setTimeout(resolve, index * STAGGER_MS))
      const key = randomUUID()
      const answer = await shopper.checkout(key).catch(() => undefined)
      if (answer?.status === 201 && ++acknowledgedCount === KILL_AFTER_ACKNOWLEDGED) server.kill('SIGKILL')
      return { cookie: shopper.cookie as string, key, status: answer?.status, number: answer?.body.number }
    }),
  )
  expect(await server.exited).toEqual({ code: null, signal: 'SIGKILL' })
  const acknowledged = attempts.filter((attempt) => attempt.status === 201)
  expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKNOWLEDGED)
  // The kill really came mid-flight: some checkouts never got an answer.
  expect(attempts.filter((attempt) => attempt.status === undefined).length).toBeGreaterThan(0)

  const restarted = await production.start()
  const file = readShopFile(production.databasePath)
  expect(file.integrity).toBe('ok')
  expect(acknowledged.filter((attempt) => file.orderNumbers.get(attempt.key) !== attempt.number)).toEqual([])
  expect(file.stockPlusSold).toEqual(initial)

  // Each acknowledged key, sent again by the same browser with the same body, is the same order.
  const replays = await Promise.all(acknowledged.map(({ cookie, key }) => httpShopper(restarted.url, cookie).checkout(key)))
  expect(replays.map((replay) => [replay.status, replay.body.number])).toEqual(acknowledged.map((attempt) => [201, attempt.number]))
})
