import type { APIRequestContext } from '@playwright/test'
import { expect, test } from './fixtures'
import { waitForHydration } from './support'

// The headers every page answers with (app/http/security-headers.ts). The fixture fails any test
// whose pages report a Content-Security-Policy violation, so each page here also proves it works
// under the policy.

function directive(policy: string, name: string) {
  return policy.split(';').map((part) => part.trim()).find((part) => part.split(' ')[0] === name)
}

function nonceOf(headers: Record<string, string>) {
  const nonce = /'nonce-([^']+)'/.exec(directive(headers['content-security-policy'] ?? '', 'script-src') ?? '')?.[1]
  if (!nonce) throw new Error('the policy has no script nonce')
  return nonce
}

function expectPageHeaders(headers: Record<string, string>) {
  const policy = headers['content-security-policy'] ?? ''
  expect(directive(policy, 'script-src')).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/]{22}=='$/)
  for (const expected of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"]) expect(policy).toContain(expected)
  expect(headers['x-content-type-options']).toBe('nosniff')
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin')
  expect(headers['permissions-policy']).toContain('camera=()')
  // Served over http here: HSTS is for https only.
  expect(headers['strict-transport-security']).toBeUndefined()
}

async function firstProductPath(request: APIRequestContext) {
  const { items } = (await (await request.get('/api/products?pageSize=1')).json()) as { items: Array<{ slug: string }> }
  return `/products/${items[0]?.slug ?? ''}`
}

const pages: Array<[string, string | ((request: APIRequestContext) => Promise<string>)]> = [
  ['the home page', '/'],
  ['a category page', '/categories/desks'],
  ['a product page', firstProductPath],
  ['the search page', '/search?q=desk'],
  ['the cart', '/cart'],
  ['checkout', '/checkout'],
  ['the orders page', '/orders'],
  ['the admin sign-in page', '/admin/login'],
]

for (const [name, path] of pages) {
  test(`${name} answers with the security headers and hydrates under its policy`, async ({ page, request }) => {
    const response = await page.goto(typeof path === 'string' ? path : await path(request))
    expect(response?.status()).toBe(200)
    expectPageHeaders(response?.headers() ?? {})
    await waitForHydration(page)
  })
}

test('the admin inventory answers with the security headers and hydrates under its policy', async ({ page }) => {
  const signedIn = await page.request.post('/api/admin/session', { data: { email: 'admin@cartwheel.test', password: 'cartwheel-admin' } })
  expect(signedIn.status()).toBe(204)
  const response = await page.goto('/admin/inventory')
  expectPageHeaders(response?.headers() ?? {})
  await waitForHydration(page)
  await expect(page.getByRole('heading', { level: 1, name: 'Inventory' })).toBeVisible()
})

test('every inline script carries the nonce of its own response, and each response has a new one', async ({ request }) => {
  const first = await request.get('/')
  const second = await request.get('/')
  expect(nonceOf(first.headers())).not.toBe(nonceOf(second.headers()))
  const scripts = (await first.text()).match(/<script\b[^>]*>/g) ?? []
  expect(scripts.length).toBeGreaterThan(1)
  for (const script of scripts) expect(script).toContain(`nonce="${nonceOf(first.headers())}"`)
})

test('a client-side navigation works under the policy', async ({ page }) => {
  await page.goto('/')
  await waitForHydration(page)
  await page.evaluate(() => Object.assign(window, { sameDocument: true }))
  await page.getByRole('navigation', { name: 'Categories' }).getByRole('link', { name: 'Desks' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Desks' })).toBeVisible()
  expect(await page.evaluate(() => 'sameDocument' in window)).toBe(true)
})

test('API answers and product images are never sniffed into another type', async ({ request }) => {
  const api = await request.get('/api/products?pageSize=1')
  expect(api.headers()['x-content-type-options']).toBe('nosniff')
  const { items } = (await api.json()) as { items: Array<{ imageUrl: string }> }
  expect((await request.get(items[0]?.imageUrl ?? '')).headers()['x-content-type-options']).toBe('nosniff')
})
