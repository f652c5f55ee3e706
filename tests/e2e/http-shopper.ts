import { randomUUID } from 'node:crypto'

export const checkoutDetails = {
  email: 'ops@example.com',
  name: 'Grace Hopper',
  address: { line1: '1 Harbour St', city: 'Arlington', postalCode: '22201', country: 'US' },
}

/**
 * A shopper outside a browser: one cookie jar (the cart token) and the API's JSON answers. Pass a
 * cookie to come back as the same browser, to another server on the same file.
 */
export function httpShopper(baseUrl: string, cookie?: string) {
  const send = async (method: string, path: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(new URL(path, baseUrl), {
      method,
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}), ...headers },
      body: JSON.stringify(body),
    })
    cookie = response.headers.get('set-cookie')?.split(';')[0] ?? cookie
    return { status: response.status, body: (await response.json()) as { number?: string; error?: { code: string } } }
  }
  return {
    get cookie() {
      return cookie
    },
    add: (productId: number, quantity: number) => send('POST', '/api/cart/lines', { productId, quantity }),
    /** Places the cart's order under a fresh key, or under `key` to replay an earlier attempt. */
    checkout: (key: string = randomUUID()) => send('POST', '/api/checkout', checkoutDetails, { 'idempotency-key': key }).then((answer) => ({ ...answer, key })),
  }
}

/** Stock of the seeded products 1..count, read through the API: `{ [productId]: stock }`. */
export async function stockByProduct(baseUrl: string, count: number) {
  const ids = Array.from({ length: count }, (_, index) => index + 1)
  const answer = (await (await fetch(new URL(`/api/stock?ids=${ids.join(',')}`, baseUrl))).json()) as { items: Array<{ productId: number; stock: number }> }
  return Object.fromEntries(answer.items.map((item) => [item.productId, item.stock])) as Record<number, number>
}

/** A seeded product with at least `atLeast` in stock. */
export async function productInStock(baseUrl: string, atLeast: number) {
  const stock = await stockByProduct(baseUrl, 20)
  const productId = Number(Object.keys(stock).find((id) => (stock[Number(id)] ?? 0) >= atLeast))
  if (!productId) throw new Error(`No seeded product has ${atLeast} in stock`)
  return { productId, stock: stock[productId] as number }
}
