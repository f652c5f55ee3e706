import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { waitForHydration } from './support'

function cards(page: Page, label: string) {
  return page.getByRole('list', { name: label }).getByRole('listitem')
}

async function prices(page: Page, label: string) {
  const texts = await cards(page, label).getByText(/^\$[\d,]+\.\d{2}$/).allTextContents()
  return texts.map((text) => Number(text.replace(/[$,]/g, '')))
}

test('searching from the header lists matching products', async ({ page }) => {
  await page.goto('/')
  await waitForHydration(page)
  await page.getByRole('searchbox', { name: 'Search products' }).fill('walnut')
  await page.getByRole('searchbox', { name: 'Search products' }).press('Enter')
  await expect(page).toHaveURL(/\/search\?q=walnut/)
  await expect(page.getByRole('heading', { level: 1, name: 'Results for “walnut”' })).toBeVisible()
  const names = await cards(page, 'Search results').getByRole('heading').allTextContents()
  expect(names.length).toBeGreaterThan(0)
  expect(names.every((name) => /walnut/i.test(name))).toBe(true)
})

/** The line that says which products are shown; it changes once a new listing has rendered. */
function summary(page: Page) {
  return page.getByText(/^(Showing \d|No products match)/)
}

test('the in-stock filter hides sold-out products', async ({ page }) => {
  await page.goto('/categories/decor?sort=price-asc')
  await waitForHydration(page)
  const decor = cards(page, 'Decor products')
  // The seed puts sold-out products on this page; without them the test would prove nothing.
  expect(await decor.getByText('Sold out').count()).toBeGreaterThan(0)
  const before = await summary(page).textContent()

  await page.getByRole('checkbox', { name: 'In stock only' }).check()
  await page.getByRole('button', { name: 'Apply' }).click()
  await expect(page).toHaveURL(/inStock=true/)
  await expect(summary(page)).not.toHaveText(before ?? '')
  await expect(decor.first()).toBeVisible()
  await expect(decor.getByText('Sold out')).toHaveCount(0)
})

test('the price filter keeps prices inside the range', async ({ page }) => {
  await page.goto('/categories/chairs')
  await waitForHydration(page)
  const before = await prices(page, 'Chairs products')
  expect(before.some((price) => price < 100 || price > 300)).toBe(true)
  const summaryBefore = await summary(page).textContent()

  await page.getByRole('spinbutton', { name: 'Min price ($)' }).fill('100')
  await page.getByRole('spinbutton', { name: 'Max price ($)' }).fill('300')
  await page.getByRole('button', { name: 'Apply' }).click()
  await expect(page).toHaveURL(/min=100/)
  await expect(summary(page)).not.toHaveText(summaryBefore ?? '')
  const shown = await prices(page, 'Chairs products')
  expect(shown.length).toBeGreaterThan(0)
  expect(shown.every((price) => price >= 100 && price <= 300)).toBe(true)
})

test('a price range typed backwards is read the way it was meant', async ({ page }) => {
  const response = await page.goto('/categories/chairs?min=300&max=100')
  expect(response?.status()).toBe(200)
  const shown = await prices(page, 'Chairs products')
  expect(shown.length).toBeGreaterThan(0)
  expect(shown.every((price) => price >= 100 && price <= 300)).toBe(true)
})

test('a category page offers no "Best match" and shows the order it lists in', async ({ page }) => {
  await page.goto('/categories/kitchen?sort=relevance')
  await waitForHydration(page)
  const sort = page.getByRole('combobox', { name: 'Sort by' })
  await expect(sort).toHaveValue('newest')
  await expect(sort.getByRole('option', { name: 'Best match' })).toHaveCount(0)
})

test('changing the sort from the keyboard keeps focus on the sort control', async ({ page }) => {
  await page.goto('/categories/kitchen')
  await waitForHydration(page)
  const sort = page.getByRole('combobox', { name: 'Sort by' })
  await sort.focus()
  await page.keyboard.press('ArrowDown')
  await expect(page).toHaveURL(/sort=/)
  await expect(sort).toBeFocused()
})

test('a price range with cents can be applied and re-sorted', async ({ page }) => {
  await page.goto('/categories/desks?min=150.50&max=300')
  await waitForHydration(page)
  await page.getByRole('spinbutton', { name: 'Max price ($)' }).fill('299.99')
  await page.getByRole('button', { name: 'Apply' }).click()
  await expect(page).toHaveURL(/max=299\.99/)
  await page.getByRole('combobox', { name: 'Sort by' }).selectOption({ label: 'Price: high to low' })
  await expect(page).toHaveURL(/sort=price-desc/)
  await expect(async () => {
    const shown = await prices(page, 'Desks products')
    expect(shown.length).toBeGreaterThan(0)
    expect(shown.every((price) => price >= 150.5 && price <= 299.99)).toBe(true)
    expect(shown).toEqual([...shown].sort((a, b) => b - a))
  }).toPass()
})

test('a search that looks like a number stays as typed', async ({ page }) => {
  await page.goto('/')
  await waitForHydration(page)
  await page.getByRole('searchbox', { name: 'Search products' }).fill('1.50')
  await page.getByRole('searchbox', { name: 'Search products' }).press('Enter')
  await expect(page).toHaveURL(/\/search\?q=1\.50$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Results for “1.50”')
  await page.reload()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Results for “1.50”')
  await expect(page.getByRole('searchbox', { name: 'Search products' })).toHaveValue('1.50')
})

test('choosing a sort reorders the listing at once', async ({ page }) => {
  await page.goto('/categories/kitchen')
  await waitForHydration(page)
  await page.getByRole('combobox', { name: 'Sort by' }).selectOption({ label: 'Price: high to low' })
  await expect(page).toHaveURL(/sort=price-desc/)
  await expect(async () => {
    const shown = await prices(page, 'Kitchen products')
    expect(shown.length).toBeGreaterThan(1)
    expect(shown).toEqual([...shown].sort((a, b) => b - a))
  }).toPass()
})

test('paging moves through the listing and back', async ({ page }) => {
  await page.goto('/categories/decor')
  await waitForHydration(page)
  const firstPage = await cards(page, 'Decor products').getByRole('heading').allTextContents()
  await page.getByRole('link', { name: 'Next →' }).click()
  await expect(page).toHaveURL(/page=2/)
  await expect(page.getByText(/^Page 2 of \d+$/)).toBeVisible()
  const secondPage = await cards(page, 'Decor products').getByRole('heading').allTextContents()
  expect(secondPage.some((name) => firstPage.includes(name))).toBe(false)
  await page.getByRole('link', { name: '← Previous' }).click()
  await expect(page.getByText(/^Page 1 of \d+$/)).toBeVisible()
})

test('without JavaScript the search form and paging still work as plain page loads', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false })
  const page = await context.newPage()
  await page.goto('/')
  await page.getByRole('searchbox', { name: 'Search products' }).fill('oak')
  await page.getByRole('button', { name: 'Search', exact: true }).click()
  await expect(page).toHaveURL(/\/search\?q=oak/)
  await expect(page.getByRole('heading', { level: 1, name: 'Results for “oak”' })).toBeVisible()
  await page.getByRole('link', { name: 'Next →' }).click()
  await expect(page.getByText(/^Page 2 of \d+$/)).toBeVisible()
  await context.close()
})
