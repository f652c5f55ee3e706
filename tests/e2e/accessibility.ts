import AxeBuilder from '@axe-core/playwright'
import type { APIRequestContext, Page } from '@playwright/test'
import { expect } from './fixtures'
import { productWithStock, submitAdminSignIn, waitForHydration } from './support'

/** WCAG 2.0 and 2.1, levels A and AA: what the shop promises. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

/** Runs axe over the page as it is now; a failure lists each violation's rule, element and help. */
export async function expectNoAxeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze()
  const found = violations.flatMap((violation) =>
    violation.nodes.map((node) => `${violation.id} at ${node.target.join(' ')}: ${violation.help} (${violation.helpUrl})`),
  )
  expect(found, `WCAG 2 A/AA violations, as "rule at element: help"`).toEqual([])
}

export type PageState = {
  /** Names the page and the state it is in. */
  name: string
  /** An admin page: also checked at phone width (admin-phone.spec.ts). */
  admin?: true
  /** Sets up what the page needs through the API, opens it, and brings it to the state named. */
  open: (page: Page, request: APIRequestContext) => Promise<void>
}

const shopper = {
  email: 'grace@example.com',
  name: 'Grace Hopper',
  address: { line1: '1 Navy Yard', city: 'Arlington', postalCode: '22202', country: 'US' },
}

async function visit(page: Page, path: string) {
  await page.goto(path)
  await waitForHydration(page)
}

/** Puts a product in this browser's cart (offsets past those other specs use). */
async function addToCart(page: Page, request: APIRequestContext, offset: number) {
  const product = await productWithStock(request, offset, 50)
  expect((await page.request.post('/api/cart/lines', { data: { productId: product.productId, quantity: 2 } })).status()).toBe(200)
  return product
}

/** Places an order from this browser, through the API, and answers its number. */
async function placeOrder(page: Page, request: APIRequestContext) {
  await addToCart(page, request, 62)
  const placed = await page.request.post('/api/checkout', { data: shopper, headers: { 'idempotency-key': crypto.randomUUID() } })
  expect(placed.status()).toBe(201)
  return ((await placed.json()) as { number: string }).number
}

async function signInAsAdmin(page: Page) {
  expect((await page.request.post('/api/admin/session', { data: { email: 'admin@cartwheel.test', password: 'cartwheel-admin' } })).status()).toBe(204)
}

async function openInventory(page: Page) {
  await signInAsAdmin(page)
  await visit(page, '/admin/inventory')
  await expect(page.getByRole('table', { name: 'Inventory' })).toBeVisible()
}

/** Opens a row's action from the first product row of the grid. */
const firstRowButton = (page: Page, name: 'Restock' | 'History') => page.getByRole('row').nth(1).getByRole('button', { name })

/** Every page of the shop, in each state worth checking: one line per page (or state). */
export const pageStates: PageState[] = [
  { name: 'home', open: (page) => visit(page, '/') },
  { name: 'a category', open: (page) => visit(page, '/categories/desks') },
  { name: 'a category with filters applied', open: (page) => visit(page, '/categories/desks?min=50&max=900&inStock=true&sort=price-asc') },
  {
    name: 'a product in stock',
    open: async (page, request) => visit(page, `/products/${(await productWithStock(request, 60, 12)).slug}`),
  },
  {
    name: 'a product out of stock',
    open: async (page, request) => visit(page, `/products/${(await productWithStock(request, 61, 0)).slug}`),
  },
  { name: 'search results', open: (page) => visit(page, '/search?q=walnut') },
  { name: 'search with no results', open: (page) => visit(page, '/search?q=zzzzqx') },
  { name: 'the cart, empty', open: (page) => visit(page, '/cart') },
  {
    name: 'the cart with lines',
    open: async (page, request) => {
      await addToCart(page, request, 63)
      await visit(page, '/cart')
    },
  },
  {
    name: 'checkout with its errors shown after submitting empty fields',
    open: async (page, request) => {
      await addToCart(page, request, 64)
      await visit(page, '/checkout')
      await page.getByRole('button', { name: 'Place order' }).click()
      await expect(page.getByText('Enter your full name')).toBeVisible()
    },
  },
  { name: 'the order confirmation', open: async (page, request) => visit(page, `/checkout/confirmation/${await placeOrder(page, request)}`) },
  {
    name: 'the orders list',
    open: async (page, request) => {
      await placeOrder(page, request)
      await visit(page, '/orders')
    },
  },
  { name: 'an order’s page', open: async (page, request) => visit(page, `/orders/${await placeOrder(page, request)}`) },
  { name: 'a page that does not exist', open: (page) => visit(page, '/no-such-page') },
  { name: 'admin sign-in', admin: true, open: (page) => visit(page, '/admin/login') },
  {
    name: 'admin sign-in with a wrong password',
    admin: true,
    open: async (page) => {
      await visit(page, '/admin/login')
      await submitAdminSignIn(page, 'not-the-password')
      await expect(page.getByRole('alert').filter({ hasText: 'not right' })).toBeVisible()
    },
  },
  { name: 'admin inventory', admin: true, open: openInventory },
  {
    name: 'admin inventory with the restock dialog open',
    admin: true,
    open: async (page) => {
      await openInventory(page)
      await firstRowButton(page, 'Restock').click()
      await expect(page.getByRole('dialog')).toBeVisible()
    },
  },
  {
    name: 'admin inventory with the history panel open',
    admin: true,
    open: async (page) => {
      await openInventory(page)
      await firstRowButton(page, 'History').click()
      await expect(page.getByRole('complementary', { name: /^History of/ })).toBeVisible()
      await expect(page.getByRole('complementary', { name: /^History of/ }).getByText('Loading…')).toHaveCount(0)
    },
  },
  {
    name: 'admin new product, with each bad field named',
    admin: true,
    open: async (page) => {
      await signInAsAdmin(page)
      await visit(page, '/admin/products/new')
      await page.getByRole('button', { name: 'Create product' }).click()
      await expect(page.getByText('Name cannot be empty')).toBeVisible()
    },
  },
  {
    name: 'admin product editor',
    admin: true,
    open: async (page) => {
      await signInAsAdmin(page)
      await visit(page, '/admin/products/1')
      await expect(page.getByRole('region', { name: 'Changes' })).toBeVisible()
    },
  },
  {
    name: 'admin categories',
    admin: true,
    open: async (page) => {
      await signInAsAdmin(page)
      await visit(page, '/admin/categories')
      await expect(page.getByRole('list', { name: 'Categories' })).toBeVisible()
    },
  },
  {
    name: 'admin orders',
    admin: true,
    open: async (page, request) => {
      await placeOrder(page, request)
      await signInAsAdmin(page)
      await visit(page, '/admin/orders')
      await expect(page.getByRole('list', { name: 'Orders' })).toBeVisible()
    },
  },
]
