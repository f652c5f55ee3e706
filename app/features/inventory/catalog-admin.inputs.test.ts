import { describe, expect, it } from 'vitest'
import { centsFromDollars, readEditForm, type ProductFormFields } from './catalog-admin.inputs'
import type { AdminProduct } from './catalog-admin.answers'

describe('a price typed in dollars', () => {
  it.each([
    ['12', 1_200],
    ['12.5', 1_250],
    ['$1,299.00', 129_900],
    ['1,000,000', 100_000_000],
  ])('reads %s as %i cents', (typed, cents) => expect(centsFromDollars(typed)).toBe(cents))

  it.each(['12,50', '1,0.5', '1,00', '12.345', '-3', 'twelve', ''])('refuses %j rather than guess', (typed) => expect(centsFromDollars(typed)).toBeUndefined())
})

describe('an edit form', () => {
  const base: AdminProduct = {
    id: 1,
    slug: 'oak-desk',
    sku: 'DSK-1',
    name: 'Oak Desk',
    description: 'Solid oak.',
    category: { slug: 'desks', name: 'Desks' },
    priceCents: 12_000,
    stock: 4,
    archived: false,
    version: 7,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  }
  const shown: ProductFormFields = { name: 'Oak Desk', description: 'Solid oak.', categorySlug: 'desks', price: '120.00', stock: '4', slug: 'oak-desk' }

  it('sends only the fields that differ from what was loaded, at its version', () => {
    expect(readEditForm({ ...shown, stock: '9', name: ' Oak Desk ' }, base)).toEqual({ input: { stock: 9, version: 7 } })
  })

  it('names each field that is wrong, and says when nothing changed', () => {
    expect(readEditForm({ ...shown, price: '12,50', stock: '-1' }, base)).toEqual({ errors: { price: 'Give the price in dollars, like 12.50', stock: 'Stock is a whole number, like 12' } })
    expect(readEditForm(shown, base)).toEqual({ errors: { form: 'Nothing has changed yet.' } })
  })
})
