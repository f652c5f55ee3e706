import { describe, expect, it } from 'vitest'
import type { RequestPolicy } from '~/http/api-router'
import { handleFormPost } from '~/http/form-posts'
import { FLASH_COOKIE, readFormFlash } from '~/http/form-flash'
import { formActions } from '~/lib/form-actions'
import { formFlashSchema, type FormFlash } from '~/lib/form-flash'
import { setUpShopOnEitherEngine } from '../support/fresh-shop'
import { countRows, readProduct } from '../support/shop-rows'
import { SEEDED_ADMIN } from '../support/test-database'

const shop = setUpShopOnEitherEngine({ products: 4, stock: 10 })

const KEY = 'form-key-0000000000000001'
const OTHER_KEY = 'form-key-0000000000000002'
const address = { email: 'ada@example.com', name: 'Ada Lovelace', 'address.line1': '1 Analytical Way', 'address.city': 'London', 'address.postalCode': 'N1 9GU', 'address.country': 'GB' }

/** A browser without JavaScript: posts forms as urlencoded bodies, from the shop's own pages, keeping its cookies. */
function createFormBrowser({ policy }: { policy?: RequestPolicy } = {}) {
  const cookies = new Map<string, string>()
  const post = async (path: string, fields: Record<string, string | number>, headers: Record<string, string> = {}) => {
    const request = new Request(new URL(path, 'http://localhost:3000'), {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'same-origin',
        cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...headers,
      },
      body: new URLSearchParams(Object.entries(fields).map(([name, value]) => [name, String(value)])).toString(),
    })
    Object.defineProperty(request, 'ip', { value: '203.0.113.9' })
    const response = await handleFormPost(request, { db: shop.db, policy })
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';')
      const [name = '', value = ''] = pair.split('=')
      if (/Max-Age=0/.test(cookie)) cookies.delete(name)
      else cookies.set(name, value)
    }
    return response
  }
  /** The flash the next page would show, read the way the server reads it. */
  const flash = (): FormFlash | undefined => {
    const value = cookies.get(FLASH_COOKIE)
    return value === undefined ? undefined : readFormFlash(new Request('http://localhost:3000/', { headers: { cookie: `${FLASH_COOKIE}=${value}` } }))
  }
  return { post, flash, cookies, cart: () => shop.api('/api/cart', { headers: { cookie: [...cookies].map(([n, v]) => `${n}=${v}`).join('; ') } }) }
}

const quantityIn = async (browser: ReturnType<typeof createFormBrowser>, productId: number) =>
  ((await browser.cart()).body as { lines: Array<{ productId: number; quantity: number }> }).lines.find((line) => line.productId === productId)?.quantity ?? 0

describe('add to cart without JavaScript', () => {
  it('adds, then sends the browser back to the page it came from with a message naming the product', async () => {
    const browser = createFormBrowser()
    const response = await browser.post(formActions.addToCart, { productId: 1, quantity: 2, idempotencyKey: KEY, returnTo: '/categories/desks?page=2' })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/categories/desks?page=2')
    expect(await quantityIn(browser, 1)).toBe(2)
    expect(browser.flash()).toMatchObject({ form: 'addToCart', tone: 'success', message: `Added to your cart: ${(await readProduct(shop.db, 1)).name} (2 in your cart).` })
  })

  it.each(['0x10', '1e1', 'Infinity', '2.'])('refuses the quantity %j, which only a script would send, and adds nothing', async (quantity) => {
    const browser = createFormBrowser()
    const response = await browser.post(formActions.addToCart, { productId: 1, quantity, idempotencyKey: KEY, returnTo: '/' })
    expect(response.status).toBe(303)
    expect(browser.flash()).toMatchObject({ tone: 'error' })
    expect(await quantityIn(browser, 1)).toBe(0)
  })

  it('adds once when the same form is posted twice (a double tap, a resubmitted post)', async () => {
    const browser = createFormBrowser()
    await browser.post(formActions.addToCart, { productId: 1, quantity: 1, idempotencyKey: KEY, returnTo: '/' })
    await browser.post(formActions.addToCart, { productId: 1, quantity: 1, idempotencyKey: KEY, returnTo: '/' })
    expect(await quantityIn(browser, 1)).toBe(1)
    await browser.post(formActions.addToCart, { productId: 1, quantity: 1, idempotencyKey: OTHER_KEY, returnTo: '/' })
    expect(await quantityIn(browser, 1)).toBe(2)
  })

  it('comes back with the reason when the stock is short, and adds nothing', async () => {
    const browser = createFormBrowser()
    await shop.setStock(2, 1)
    const response = await browser.post(formActions.addToCart, { productId: 2, quantity: 3, idempotencyKey: KEY, returnTo: '/products/x' })
    expect(response.headers.get('location')).toBe('/products/x')
    expect(browser.flash()).toMatchObject({ tone: 'error', message: `Only 1 left of ${(await readProduct(shop.db, 2)).name}.` })
    expect(await quantityIn(browser, 2)).toBe(0)
  })

  it('never sends the browser to another site, whatever the form says', async () => {
    const browser = createFormBrowser()
    for (const returnTo of ['//evil.example/x', '/\\evil.example', 'https://evil.example/']) {
      const response = await browser.post(formActions.addToCart, { productId: 1, quantity: 1, idempotencyKey: `${KEY}${returnTo.length}`, returnTo })
      expect(response.headers.get('location')).toBe('/cart')
    }
  })

  it('refuses a post from another site with a 403 page, and adds nothing', async () => {
    const browser = createFormBrowser()
    const response = await browser.post(formActions.addToCart, { productId: 1, quantity: 1, idempotencyKey: KEY }, { 'sec-fetch-site': 'cross-site' })
    expect(response.status).toBe(403)
    expect(response.headers.get('content-type')).toMatch(/^text\/html/)
    expect(await response.text()).toContain('Changes must come from this shop’s own pages')
    expect(browser.cookies.size).toBe(0)
  })

  it('spends the cart write budget: past it, the page says to wait', async () => {
    const browser = createFormBrowser({ policy: { trustProxy: false, perAddress: { cart: 1, checkout: 1 } } })
    await browser.post(formActions.addToCart, { productId: 1, quantity: 1, idempotencyKey: KEY, returnTo: '/' })
    await browser.post(formActions.addToCart, { productId: 1, quantity: 1, idempotencyKey: OTHER_KEY, returnTo: '/' })
    expect(browser.flash()).toMatchObject({ tone: 'error', message: expect.stringMatching(/^Too many cart changes just now; try again in \d+ seconds\.$/) })
    expect(await quantityIn(browser, 1)).toBe(1)
  })
})

describe('cart lines without JavaScript', () => {
  it('sets a line’s quantity, then removes it, each time back on the cart page', async () => {
    const browser = createFormBrowser()
    await browser.post(formActions.addToCart, { productId: 3, quantity: 1, idempotencyKey: KEY })
    const set = await browser.post(formActions.setCartLine, { productId: 3, quantity: 4 })
    expect(set.headers.get('location')).toBe('/cart')
    expect(await quantityIn(browser, 3)).toBe(4)
    expect(browser.flash()?.message).toBe(`${(await readProduct(shop.db, 3)).name}: 4 in your cart.`)
    await browser.post(formActions.removeCartLine, { productId: 3 })
    expect(await quantityIn(browser, 3)).toBe(0)
    expect(browser.flash()?.message).toBe('Removed from your cart.')
  })

  it('says which field is wrong when the quantity is not a number', async () => {
    const browser = createFormBrowser()
    await browser.post(formActions.addToCart, { productId: 3, quantity: 1, idempotencyKey: KEY })
    await browser.post(formActions.setCartLine, { productId: 3, quantity: 'lots' })
    expect(browser.flash()).toMatchObject({ tone: 'error', fieldErrors: { quantity: expect.any(String) } })
    expect(await quantityIn(browser, 3)).toBe(1)
  })
})

describe('checkout without JavaScript', () => {
  it('places the order and opens its confirmation', async () => {
    const browser = createFormBrowser()
    await browser.post(formActions.addToCart, { productId: 1, quantity: 2, idempotencyKey: KEY })
    const response = await browser.post(formActions.checkout, { ...address, idempotencyKey: OTHER_KEY })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toMatch(/^\/checkout\/confirmation\/CW-[0-9A-Z]{4}-[0-9A-Z]{4}$/)
    expect((await readProduct(shop.db, 1)).stock).toBe(8)
    expect(await quantityIn(browser, 1)).toBe(0)
  })

  it('places one order when the form is posted twice', async () => {
    const browser = createFormBrowser()
    await browser.post(formActions.addToCart, { productId: 1, quantity: 1, idempotencyKey: KEY })
    const first = await browser.post(formActions.checkout, { ...address, idempotencyKey: OTHER_KEY })
    const second = await browser.post(formActions.checkout, { ...address, idempotencyKey: OTHER_KEY })
    expect(second.headers.get('location')).toBe(first.headers.get('location'))
    expect(await countRows(shop.db, 'orders')).toBe(1)
    expect((await readProduct(shop.db, 1)).stock).toBe(9)
  })

  it('comes back with every field as typed and a message per wrong field', async () => {
    const browser = createFormBrowser()
    await browser.post(formActions.addToCart, { productId: 1, quantity: 1, idempotencyKey: KEY })
    const response = await browser.post(formActions.checkout, { ...address, email: 'not-an-email', 'address.postalCode': '', idempotencyKey: OTHER_KEY })
    expect(response.headers.get('location')).toBe('/checkout')
    expect(browser.flash()).toEqual({
      form: 'checkout',
      tone: 'error',
      message: 'Please correct the highlighted details.',
      fields: { ...address, email: 'not-an-email', 'address.postalCode': '' },
      fieldErrors: { email: 'Enter an email address like name@example.com', 'address.postalCode': 'Enter the postal code' },
    })
    expect(await countRows(shop.db, 'orders')).toBe(0)
  })

  it('keeps the address when the stock ran short, and orders nothing', async () => {
    const browser = createFormBrowser()
    await browser.post(formActions.addToCart, { productId: 1, quantity: 3, idempotencyKey: KEY })
    await shop.setStock(1, 2)
    await browser.post(formActions.checkout, { ...address, idempotencyKey: OTHER_KEY })
    expect(browser.flash()).toMatchObject({ tone: 'error', message: `Not enough stock for ${(await readProduct(shop.db, 1)).name}.`, fields: address })
    expect(await countRows(shop.db, 'orders')).toBe(0)
  })

  it('keeps the address when the checkout budget is spent', async () => {
    const browser = createFormBrowser({ policy: { trustProxy: false, perAddress: { cart: 100, checkout: 1 } } })
    await browser.post(formActions.addToCart, { productId: 1, quantity: 1, idempotencyKey: KEY })
    await browser.post(formActions.checkout, { ...address, email: 'x', idempotencyKey: OTHER_KEY })
    await browser.post(formActions.checkout, { ...address, idempotencyKey: `${OTHER_KEY}b` })
    expect(browser.flash()).toMatchObject({ tone: 'error', message: expect.stringMatching(/^Too many orders just now/), fields: address })
  })
})

describe('admin sign-in without JavaScript', () => {
  it('signs in and opens the console page the admin was going to', async () => {
    const browser = createFormBrowser()
    const response = await browser.post(formActions.adminSignIn, { ...SEEDED_ADMIN, redirect: '/admin/orders' })
    expect(response.headers.get('location')).toBe('/admin/orders')
    expect(browser.cookies.has('cartwheel_admin')).toBe(true)
    expect(await countRows(shop.db, 'sessions')).toBe(1)
  })

  it('opens only console pages after sign-in', async () => {
    const browser = createFormBrowser()
    const response = await browser.post(formActions.adminSignIn, { ...SEEDED_ADMIN, redirect: '//evil.example/admin' })
    expect(response.headers.get('location')).toBe('/admin/inventory')
  })

  it('comes back to sign-in with the email, never the password, after a wrong password', async () => {
    const browser = createFormBrowser()
    const response = await browser.post(formActions.adminSignIn, { email: SEEDED_ADMIN.email, password: 'not-the-password', redirect: '/admin/orders' })
    expect(response.headers.get('location')).toBe('/admin/login?redirect=%2Fadmin%2Forders')
    expect(browser.flash()).toEqual({ form: 'adminSignIn', tone: 'error', message: 'The email or password is not right.', fields: { email: SEEDED_ADMIN.email }, fieldErrors: {} })
    expect(response.headers.getSetCookie().join()).not.toContain('not-the-password')
    expect(browser.cookies.has('cartwheel_admin')).toBe(false)
  })

  it('signs out: the session ends and its cookie goes', async () => {
    const browser = createFormBrowser()
    await browser.post(formActions.adminSignIn, SEEDED_ADMIN)
    const response = await browser.post(formActions.adminSignOut, {})
    expect(response.headers.get('location')).toBe('/admin/login')
    expect(browser.cookies.has('cartwheel_admin')).toBe(false)
    expect(await countRows(shop.db, 'sessions')).toBe(0)
  })
})

describe('what no form comes back from', () => {
  it('answers a GET with 405 and a page saying to use the form', async () => {
    const response = await handleFormPost(new Request(`http://localhost:3000${formActions.checkout}`), { db: shop.db })
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('POST')
  })

  it('refuses a body over 1 MB with 413', async () => {
    const browser = createFormBrowser()
    const response = await browser.post(formActions.checkout, { name: 'x'.repeat(1024 * 1024 + 1) })
    expect(response.status).toBe(413)
  })

  it('answers a body that is not a form with a 400 page', async () => {
    const browser = createFormBrowser()
    const response = await browser.post(formActions.addToCart, {}, { 'content-type': 'application/json' })
    expect(response.status).toBe(400)
    expect(browser.cookies.size).toBe(0)
  })

  it('lets no field name reach an object’s prototype', async () => {
    const browser = createFormBrowser()
    await browser.post(formActions.checkout, { ...address, '__proto__.polluted': 'yes', 'constructor.prototype.polluted': 'yes', idempotencyKey: KEY })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(browser.flash()).toMatchObject({ tone: 'error', message: 'Your cart is empty; add something before checking out.' })
  })

  it('ignores a flash cookie that does not read as one', () => {
    const request = (value: string) => new Request('http://localhost:3000/', { headers: { cookie: `${FLASH_COOKIE}=${encodeURIComponent(value)}` } })
    expect(readFormFlash(request('<script>alert(1)</script>'))).toBeUndefined()
    expect(readFormFlash(request(JSON.stringify({ form: 'x', tone: 'shout', message: 'hi' })))).toBeUndefined()
    expect(formFlashSchema.safeParse({ form: 'x', tone: 'error', message: 'hi' }).success).toBe(true)
  })
})

describe('the product editor without JavaScript', () => {
  /** The editor's fields as the page renders them for product `id`, and the same as its hidden base.* fields. */
  async function editorFields(id: number) {
    const product = await readProduct(shop.db, id)
    const shown = { name: product.name, description: product.description, categorySlug: product.category, price: (product.priceCents / 100).toFixed(2), stock: String(product.stock), slug: product.slug }
    return { productId: id, version: product.version, ...shown, ...Object.fromEntries(Object.entries(shown).map(([field, value]) => [`base.${field}`, value])) }
  }

  it('saves only what the admin changed; after a conflict, again on the version now, and the other admin’s change stays', async () => {
    const browser = createFormBrowser()
    await browser.post(formActions.adminSignIn, SEEDED_ADMIN)
    const loaded = await editorFields(1)
    // Another admin renames the product after this page was loaded.
    const other = createFormBrowser()
    await other.post(formActions.adminSignIn, SEEDED_ADMIN)
    expect((await other.post(formActions.adminEditProduct, { ...loaded, name: 'Renamed Elsewhere' })).status).toBe(303)

    const refused = await browser.post(formActions.adminEditProduct, { ...loaded, stock: '44', description: 'Line one\r\nline two' })
    expect(refused.headers.get('location')).toBe('/admin/products/1')
    expect(browser.flash()).toMatchObject({ tone: 'error', message: 'Someone changed this product since you loaded it.', fields: { stock: '44', description: 'Line one\r\nline two' } })
    expect(browser.flash()?.fields).not.toHaveProperty('name')

    // The page again: the product now, with her changes on it.
    const reloaded = await editorFields(1)
    const saved = await browser.post(formActions.adminEditProduct, { ...reloaded, stock: '44', description: 'Line one\r\nline two' })
    expect(saved.status).toBe(303)
    expect(browser.flash()).toMatchObject({ tone: 'success', message: 'Saved.' })
    expect(await readProduct(shop.db, 1)).toMatchObject({ name: 'Renamed Elsewhere', stock: 44, description: 'Line one\nline two' })

    // Sent again unchanged (line breaks as a browser posts them): nothing to save.
    const again = await editorFields(1)
    await browser.post(formActions.adminEditProduct, { ...again, description: 'Line one\r\nline two', 'base.description': 'Line one\nline two' })
    expect(browser.flash()).toMatchObject({ tone: 'error', message: 'Nothing has changed yet.' })
  })
})
