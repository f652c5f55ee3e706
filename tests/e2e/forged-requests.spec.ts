import { request as httpRequest } from 'node:http'
import { expect, test } from './fixtures'

// Requests no page of ours sends, against the production server: what an attacker or a scanner gets.

/** A raw GET, because fetch and Playwright normalize a path that starts with `//`. */
function rawGet(baseURL: string, path: string, headers: Record<string, string>) {
  const { hostname, port } = new URL(baseURL)
  return new Promise<{ status: number; location: string | undefined }>((resolve, reject) => {
    const sent = httpRequest({ hostname, port, path, headers }, (response) => {
      response.resume()
      resolve({ status: response.statusCode ?? 0, location: response.headers.location })
    })
    sent.on('error', reject).end()
  })
}

test('a path starting with // redirects to a path on the same host, whatever the Host header says', async ({ baseURL }) => {
  const answer = await rawGet(baseURL ?? '', '//evil.example/foo?x=1', { host: 'evil.example' })
  expect(answer.status).toBe(308)
  expect(answer.location).toBe('/evil.example/foo?x=1')
})

test('a call to a server function that does not exist answers a JSON 404', async ({ request }) => {
  // Ids naming what every object has (constructor, __proto__) once crashed Start's lookup with a 500.
  for (const path of ['/_serverFn/no-such-function', '/_serverFn/', '/_serverFn/constructor', '/_serverFn/__proto__', '/_serverFn/%63onstructor', '/_serverFn/toString/x']) {
    const response = await request.post(path, { headers: { 'sec-fetch-site': 'same-origin' }, data: {} })
    expect(response.status(), path).toBe(404)
    expect(await response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } })
  }
})

test('a Host header whose port is out of range answers a JSON 400, not an empty 500', async ({ baseURL }) => {
  for (const path of ['/', '/api/health', '/favicon.svg']) {
    const answer = await rawGet(baseURL ?? '', path, { host: 'evil.example:99999' })
    expect(answer.status, path).toBe(400)
  }
})
