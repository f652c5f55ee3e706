import { expect, test } from './fixtures'

// Node's fetch says which encoding came (content-encoding) and decodes the body, as a browser does.
const get = (baseURL: string | undefined, path: string, acceptEncoding: string) => fetch(new URL(path, baseURL), { headers: { 'accept-encoding': acceptEncoding } })

test('a page comes brotli-compressed to a browser that accepts it, and whole', async ({ baseURL }) => {
  const response = await get(baseURL, '/categories/desks', 'gzip, deflate, br')
  expect(response.status).toBe(200)
  expect(response.headers.get('content-encoding')).toBe('br')
  expect(response.headers.get('vary')).toMatch(/accept-encoding/i)
  expect(await response.text()).toMatch(/<\/html>\s*$/)
})

test('an API answer comes gzip-compressed to a client that accepts only gzip', async ({ baseURL }) => {
  const response = await get(baseURL, '/api/products?pageSize=24', 'gzip')
  expect(response.headers.get('content-encoding')).toBe('gzip')
  expect(await response.json()).toMatchObject({ page: 1, pageSize: 24 })
})

test('an API answer is compressed whole: it declares its compressed length', async ({ baseURL }) => {
  const response = await get(baseURL, '/api/products?pageSize=24', 'br')
  expect(response.headers.get('content-encoding')).toBe('br')
  // fetch decodes the body; the declared length is the bytes that crossed the wire, less than the JSON.
  const length = Number(response.headers.get('content-length'))
  const text = await response.text()
  expect(length).toBeGreaterThan(0)
  expect(length).toBeLessThan(Buffer.byteLength(text))
  expect(JSON.parse(text)).toMatchObject({ page: 1, pageSize: 24 })
})

test('a client that accepts no encoding gets the page as it is', async ({ baseURL }) => {
  const response = await get(baseURL, '/categories/desks', 'identity')
  expect(response.headers.get('content-encoding')).toBeNull()
  expect(await response.text()).toMatch(/<\/html>\s*$/)
})

test('a product image is not compressed by the app', async ({ baseURL }) => {
  const page = await (await get(baseURL, '/api/products?pageSize=1', 'identity')).json()
  const response = await get(baseURL, page.items[0].imageUrl, 'br')
  expect(response.headers.get('content-type')).toMatch(/^image\//)
  expect(response.headers.get('content-encoding')).toBeNull()
})
