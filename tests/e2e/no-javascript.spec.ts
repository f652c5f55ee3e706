import type { Browser, BrowserContext, Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { productWithStock, waitForHydration } from './support'

// The seeded admin; the password must appear in no URL the browser asks for.
const ADMIN = { email: 'admin@cartwheel.test', password: 'cartwheel-admin' }

/**
 * A browser with scripts off: what a shopper on a slow phone gets before the JavaScript arrives.
 * Every URL it asks for is kept, so a test can check what went into one.
 */
async function openWithoutJavaScript(browser: Browser) {
  const context = await browser.newContext({ javaScriptEnabled: false })
  const urls: string[] = []
  context.on('request', (request) => urls.push(request.url()))
  const page = await context.newPage()
  return { context, page, urls }
}

const notice = (page: Page) => page.getByRole('main').getByRole('status').first()
const alertNotice = (page: Page) => page.getByRole('main').getByRole('alert').first()

let opened: BrowserContext | undefined
test.afterEach(async () => {
  await opened?.close()
  opened = undefined
})

test('a shopper without JavaScript finds products, fills the cart, checks out and finds the order', async ({ browser, request }) => {
  const first = await productWithStock(request, 40, 25)
  const second = await productWithStock(request, 41, 25)
  const { context, page } = await openWithoutJavaScript(browser)
  opened = context

  // Finds the first product from the header's search (a GET form).
  await page.goto('/')
  await page.getByRole('searchbox', { name: 'Search products' }).fill(first.name)
  await page.getByRole('searchbox', { name: 'Search products' }).press('Enter')
  await expect(page).toHaveURL(/\/search\?q=/)
  const results = page.getByRole('list', { name: 'Search results' })
  await expect(results.getByRole('heading', { name: first.name, exact: true })).toBeVisible()

  // The listing's filters are a GET form too.
  await page.getByRole('checkbox', { name: 'In stock only' }).check()
  await page.getByRole('button', { name: 'Apply' }).click()
  await expect(page).toHaveURL(/inStock=true/)
  await expect(results.getByRole('heading', { name: first.name, exact: true })).toBeVisible()

  // Two of it from its page: the form posts, and the product page says what happened.
  await results.getByRole('link', { name: first.name }).first().click()
  await expect(page.getByRole('heading', { level: 1, name: first.name })).toBeVisible()
  await page.getByLabel('Quantity').fill('2')
  await page.getByRole('button', { name: 'Add to cart' }).click()
  await expect(page).toHaveURL(new RegExp(`/products/${first.slug}$`))
  await expect(notice(page)).toHaveText(`Added to your cart: ${first.name} (2 in your cart).`)
  // The message is for the page the post landed on: a reload no longer shows it.
  await page.reload()
  await expect(page.getByRole('heading', { level: 1, name: first.name })).toBeVisible()
  await expect(page.getByText(`Added to your cart: ${first.name}`)).toHaveCount(0)

  // One of another product from a listing card: back on the same listing.
  await page.goto(`/search?q=${encodeURIComponent(second.name)}`)
  await page.getByRole('button', { name: `Add to cart: ${second.name}` }).click()
  await expect(page).toHaveURL(/\/search\?q=/)
  await expect(notice(page)).toHaveText(`Added to your cart: ${second.name} (1 in your cart).`)

  // The cart: one more of the first, the second removed.
  await page.goto('/cart')
  await page.getByRole('button', { name: `One more ${first.name}` }).click()
  await expect(notice(page)).toHaveText(`${first.name}: 3 in your cart.`)
  await expect(page.getByRole('status', { name: `Quantity of ${first.name}` })).toHaveText('3')
  await page.getByRole('button', { name: `Remove ${second.name}` }).click()
  await expect(notice(page)).toHaveText('Removed from your cart.')
  await expect(page.getByRole('link', { name: second.name })).toHaveCount(0)

  // Checkout: a mistake comes back with everything typed still there.
  await page.goto('/checkout')
  await page.getByLabel('Email').fill('ada@example')
  await page.getByLabel('Full name').fill('Ada Lovelace')
  await page.getByLabel('Street address').fill('12 St James’s Square')
  await page.getByLabel('Town or city').fill('London')
  await page.getByLabel('Postal code').fill('SW1Y 4JH')
  await page.getByLabel('Country').selectOption('GB')
  await page.getByRole('button', { name: 'Place order' }).click()
  await expect(page).toHaveURL(/\/checkout$/)
  await expect(alertNotice(page)).toHaveText('Enter an email address like name@example.com.')
  await expect(page.getByLabel('Street address')).toHaveValue('12 St James’s Square')
  await expect(page.getByLabel('Country')).toHaveValue('GB')
  await expect(page.getByText('Enter an email address like name@example.com', { exact: true })).toBeVisible()
  await page.getByLabel('Email').fill('ada@example.com')
  await page.getByRole('button', { name: 'Place order' }).click()

  await expect(page.getByRole('heading', { level: 1, name: 'Thank you, Ada Lovelace' })).toBeVisible()
  const number = (await page.locator('strong.font-mono').textContent()) ?? ''
  expect(number).toMatch(/^CW-[0-9A-Z]{4}-[0-9A-Z]{4}$/)
  await expect(notice(page)).toHaveText(`Your order ${number} is placed.`)
  await expect(page.getByRole('list', { name: 'Ordered items' })).toContainText(first.name)

  await page.getByRole('link', { name: 'your orders' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Your orders' })).toBeVisible()
  await expect(page.getByRole('main')).toContainText(number)
})

test('an admin without JavaScript signs in and out, and the password is in no URL', async ({ browser }) => {
  const { context, page, urls } = await openWithoutJavaScript(browser)
  opened = context

  await page.goto('/admin/inventory')
  await expect(page).toHaveURL(/\/admin\/login\?redirect=/)
  await page.getByLabel('Email').fill(ADMIN.email)
  await page.getByLabel('Password').fill('not-the-password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(alertNotice(page)).toHaveText('The email or password is not right.')
  await expect(page.getByLabel('Email')).toHaveValue(ADMIN.email)
  await expect(page.getByLabel('Password')).toHaveValue('')

  await page.getByLabel('Password').fill(ADMIN.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(/\/admin\/inventory(\?|$)/)
  await expect(page.getByText(`Signed in as ${ADMIN.email}`)).toBeVisible()
  await expect(notice(page)).toHaveText('You are signed in.')

  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page).toHaveURL(/\/admin\/login$/)
  await expect(notice(page)).toHaveText('You are signed out.')
  await page.goto('/admin/inventory')
  await expect(page).toHaveURL(/\/admin\/login\?redirect=/)

  expect(urls.length).toBeGreaterThan(5)
  for (const url of urls) {
    expect(url).not.toContain(ADMIN.password)
    expect(url).not.toContain('not-the-password')
  }
})

test('an admin without JavaScript changes a stock figure, and after a conflict keeps hers', async ({ browser, request }) => {
  const product = await productWithStock(request, 53, 12)
  const { context, page } = await openWithoutJavaScript(browser)
  opened = context
  await page.goto('/admin/login')
  await page.getByLabel('Email').fill(ADMIN.email)
  await page.getByLabel('Password').fill(ADMIN.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(/\/admin\/inventory(\?|$)/)

  // The grid's rows come with the HTML; a product's name opens its editor.
  await page.goto(`/admin/inventory?q=${product.sku}`)
  await page.getByRole('link', { name: product.name, exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: product.name })).toBeVisible()
  await page.getByLabel('Stock').fill('31')
  await page.getByRole('button', { name: 'Save changes' }).click()
  await expect(notice(page)).toHaveText('Saved.')
  await expect(page.getByLabel('Stock')).toHaveValue('31')
  const stockNow = async () => ((await (await request.get(`/api/admin/catalog/products/${product.productId}`)).json()) as { stock: number; version: number; priceCents: number })
  expect((await stockNow()).stock).toBe(31)

  // Another admin saves first: the form comes back with the conflict, on the version now, with her
  // change on it; sending it again saves her change alone (keep mine).
  const before = await stockNow()
  expect((await request.patch(`/api/admin/catalog/products/${product.productId}`, { data: { priceCents: before.priceCents + 100, version: before.version } })).status()).toBe(200)
  await page.getByLabel('Stock').fill('44')
  await page.getByRole('button', { name: 'Save changes' }).click()
  await expect(alertNotice(page)).toHaveText('Someone changed this product since you loaded it.')
  await expect(page.getByLabel('Stock')).toHaveValue('44')
  expect((await stockNow()).stock).toBe(31)
  // The form is on their version now: their price, her stock.
  await expect(page.getByLabel('Price in dollars')).toHaveValue(((before.priceCents + 100) / 100).toFixed(2))
  await page.getByRole('button', { name: 'Save changes' }).click()
  await expect(notice(page)).toHaveText('Saved.')
  // Only what she changed was sent: her stock, and the other admin's price stays.
  expect(await stockNow()).toMatchObject({ stock: 44, priceCents: before.priceCents + 100 })
})

test('no page has a form that would send a password with GET', async ({ browser, request }) => {
  const product = await productWithStock(request, 42, 10)
  const { context, page } = await openWithoutJavaScript(browser)
  opened = context
  const pages = ['/', '/categories/desks', `/products/${product.slug}`, '/search?q=walnut', '/cart', '/checkout', '/orders', '/admin/login']
  const found: Array<{ path: string; method: string; action: string; password: boolean }> = []
  const walk = async (path: string) => {
    const response = await page.goto(path)
    expect(response?.status(), path).toBe(200)
    const forms = await page.locator('form').evaluateAll((all) =>
      all.map((form) => ({ method: (form as HTMLFormElement).method, action: form.getAttribute('action') ?? '', password: form.querySelector('input[type="password"]') !== null })),
    )
    found.push(...forms.map((form) => ({ path, ...form })))
  }
  const checkForms = () => {
    for (const form of found) if (form.password) expect(form, `${form.path} ${form.action}`).toMatchObject({ method: 'post' })
    // Every form that changes something posts; only search and the filters read with GET.
    for (const form of found) if (form.method === 'get') expect([form.path, form.action]).toEqual([form.path, expect.stringMatching(/^(\/search)?$/)])
  }
  for (const path of pages) await walk(path)
  checkForms()
  // The walk found the sign-in form, so a GET one could not slip by unseen.
  expect(found.filter((form) => form.password).map((form) => form.path)).toEqual(['/admin/login'])

  // The console's pages too, signed in.
  await page.goto('/admin/login')
  await page.getByLabel('Email').fill(ADMIN.email)
  await page.getByLabel('Password').fill(ADMIN.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByText(`Signed in as ${ADMIN.email}`)).toBeVisible()
  for (const path of ['/admin/inventory', '/admin/orders']) await walk(path)
  checkForms()
})

test('a tap before hydration posts the form, and the page it lands on hydrates with the message', async ({ page, request }) => {
  const product = await productWithStock(request, 43, 10)
  await page.goto(`/products/${product.slug}`)
  await waitForHydration(page)
  // What a tap does before React has attached its handlers: the browser submits the form itself.
  await page.getByRole('button', { name: 'Add to cart' }).evaluate((button) => (button as HTMLButtonElement).form?.submit())
  const message = `Added to your cart: ${product.name} (1 in your cart).`
  // Only the page the post landed on has the message.
  await expect(notice(page)).toHaveText(message)
  await expect(page).toHaveURL(new RegExp(`/products/${product.slug}$`))
  await waitForHydration(page)
  // Hydrated from the same message the server rendered (a mismatch would fail the test), and the cart agrees.
  await expect(notice(page)).toHaveText(message)
  await expect(page.getByRole('banner').getByRole('link', { name: /^Cart:/ })).toContainText('Cart: 1 item')
})

test('a form posted from another site is refused with a page saying why, and changes nothing', async ({ request }) => {
  const response = await request.post('/forms/cart/add', {
    headers: { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
    form: { productId: '1', quantity: '1', idempotencyKey: 'forged-0000000000000001' },
    maxRedirects: 0,
  })
  expect(response.status()).toBe(403)
  expect(response.headers()['content-type']).toMatch(/^text\/html/)
  expect(await response.text()).toContain('Changes must come from this shop’s own pages')
  expect(response.headers()['set-cookie']).toBeUndefined()
})
