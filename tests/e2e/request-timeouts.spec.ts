import { dripRequest, holdRequest } from './held-request'
import { expect, test } from './production-server'

test('a body dripping in one byte a second is cut off by the request timeout, long before it ends', async ({ production }) => {
  test.setTimeout(60_000)
  const server = await production.start({ env: { REQUEST_TIMEOUT_MS: '2000' } })
  // 40 bytes take 40 s to drip in; a 2 s timeout must close the socket a few bytes in.
  const { bytesSent, bodyBytes, answer } = await dripRequest(server.port, '/api/cart/lines', JSON.stringify({ productId: 1, quantity: 1 }).padEnd(40))

  expect(answer).toMatch(/^HTTP\/1\.1 408 /)
  expect(bytesSent).toBeLessThan(bodyBytes / 2)
})

test('a client that goes away mid-request leaves one line in the server’s output, not a stack', async ({ production }) => {
  test.setTimeout(40_000)
  const server = await production.start()
  const request = await holdRequest(server.url, '/api/cart/lines', JSON.stringify({ productId: 1, quantity: 1 }))
  const before = server.output().length
  request.abort()

  // The line is printed once Start has finished with the request, so whatever Start would log
  // about it is in the output by then.
  await server.waitForOutput(/closed before the answer was sent/, before)
  expect(server.output().slice(before).trim().split('\n')).toEqual([
    'POST /api/cart/lines: the connection closed before the answer was sent (ECONNRESET)',
  ])
})

test('clients hanging up mid-body in a loop cannot flood the log: no stack, 20 lines, then a count', async ({ production }) => {
  test.setTimeout(90_000)
  const server = await production.start()
  const before = server.output().length
  const hangUp = async (attempt: number) => {
    // A sign-in whose body stops after a few bytes, then the connection closes.
    const request = await holdRequest(server.url, '/api/admin/session', `{"email":"x${attempt}@example.com","password":"${'p'.repeat(60)}"}`)
    request.abort()
  }
  for (let attempt = 0; attempt < 40; attempt++) await hangUp(attempt)
  const logged = () => server.output().slice(before).trim().split('\n').filter(Boolean)
  await expect.poll(() => logged().length, { timeout: 20_000 }).toBe(20)
  // The first hang-up after the server's 10 s window reports how many lines were held back. Hang up
  // once a second until it does: the count is the 20 others of the 40, plus the hang-ups held back
  // while waiting (all but the one that reported).
  let probes = 0
  const held = () => Number(/and (\d+) more requests whose connection closed early/.exec(logged().join('\n'))?.[1] ?? Number.NaN)
  await expect
    .poll(
      async () => {
        if (!Number.isNaN(held())) return true
        await hangUp(40 + probes++)
        return false
      },
      { intervals: [1_000], timeout: 20_000 },
    )
    .toBe(true)
  expect(held()).toBeGreaterThanOrEqual(20)
  expect(held()).toBeLessThanOrEqual(20 + probes - 1)
  expect(logged().filter((line) => !/closed before the answer was sent|closed early/.test(line))).toEqual([])
})
