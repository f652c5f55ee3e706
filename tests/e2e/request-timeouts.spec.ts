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
