import { expect, type APIRequestContext, type Page, type Request, type Route } from '@playwright/test'

/** The query parameter of the marker requests `settle()` sends; they are not recorded. */
const MARKER = 'settle-marker'
let markers = 0

/** Records every /api request the page makes from now on. */
export function recordApiRequests(page: Page) {
  const requests: string[] = []
  const markersSeen = new Set<string>()
  const listener = (request: Request) => {
    const url = new URL(request.url())
    if (!url.pathname.startsWith('/api/')) return
    const marker = url.searchParams.get(MARKER)
    if (marker) markersSeen.add(marker)
    else requests.push(`${request.method()} ${url.pathname}${url.search}`)
  }
  page.on('request', listener)
  return {
    requests,
    stop: () => page.off('request', listener),
    /**
     * Resolves once every request the page has started so far is recorded: the page paints two
     * frames (so the effects of what it rendered have run), then sends a marker request, which
     * is seen after any request sent before it.
     */
    async settle() {
      const marker = String(++markers)
      await page.evaluate(async (url) => {
        await new Promise(requestAnimationFrame)
        await new Promise(requestAnimationFrame)
        await fetch(url)
      }, `/api/health?${MARKER}=${marker}`)
      await expect.poll(() => markersSeen.has(marker)).toBe(true)
    },
  }
}

/**
 * Holds the page's requests to `url` until `release()`, so a test sees the screen while the server
 * has not answered. By default a request reaches the server only when released; with `'answers'`
 * the server answers at once and only its answer is held; `answer` replaces the server's answer.
 */
export async function holdRequests(page: Page, url: string, { stage = 'requests', answer }: { stage?: 'requests' | 'answers'; answer?: (route: Route) => Promise<void> } = {}) {
  const arrived: Request[] = []
  let release = () => {}
  const released = new Promise<void>((resolve) => (release = resolve))
  await page.route(url, async (route) => {
    arrived.push(route.request())
    const response = stage === 'answers' ? await route.fetch() : undefined
    await released
    if (answer) await answer(route)
    else if (response) await route.fulfill({ response })
    else await route.continue()
  })
  return { arrived, release }
}

/** Fills the sign-in form on the page already open (hydrated first) and submits it. */
export async function submitAdminSignIn(page: Page, password = 'cartwheel-admin') {
  await waitForHydration(page)
  await page.getByLabel('Email').fill('admin@cartwheel.test')
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

/** Resolves once React has hydrated the document (the root layout marks it). */
export async function waitForHydration(page: Page) {
  await page.locator('html[data-hydrated="true"]').waitFor({ state: 'attached' })
  await page.waitForLoadState('networkidle')
}

type Row = { productId: number; sku: string; name: string; stock: number; priceCents: number; version: number }
export type Product = Row & { slug: string }

async function signInAsAdmin(request: APIRequestContext) {
  const response = await request.post('/api/admin/session', { data: { email: 'admin@cartwheel.test', password: 'cartwheel-admin' } })
  expect(response.status()).toBe(204)
}

/** A product no other test touches (the inventory sorted by price, from the most expensive), with its stock set. */
export async function productWithStock(request: APIRequestContext, offset: number, stock: number): Promise<Product> {
  await signInAsAdmin(request)
  const listed = await request.get(`/api/admin/inventory?sort=price&order=desc&pageSize=1&page=${offset}`)
  const row = ((await listed.json()) as { items: Row[] }).items[0]
  if (!row) throw new Error('no product')
  const patched = await request.patch(`/api/admin/products/${row.productId}`, { data: { stock, version: row.version } })
  expect(patched.status()).toBe(200)
  const found = (await (await request.get(`/api/products?q=${encodeURIComponent(row.name)}&pageSize=100`)).json()) as { items: Array<{ id: number; slug: string }> }
  const slug = found.items.find((item) => item.id === row.productId)?.slug
  if (!slug) throw new Error('no slug')
  return { ...((await patched.json()) as Row), slug }
}

export async function setStock(request: APIRequestContext, productId: number, stock: number) {
  await signInAsAdmin(request)
  const rows = (await (await request.get(`/api/admin/inventory?sort=price&order=desc&pageSize=500`)).json()) as { items: Row[] }
  const row = rows.items.find((item) => item.productId === productId)
  if (!row) throw new Error('no row')
  expect((await request.patch(`/api/admin/products/${productId}`, { data: { stock, version: row.version } })).status()).toBe(200)
}

export const stockOf = async (request: APIRequestContext, productId: number) =>
  ((await (await request.get(`/api/stock?ids=${productId}`)).json()) as { items: Array<{ stock: number }> }).items[0]?.stock

