import { describe, expect, it } from 'vitest'
import { centsFromDollars, readEditForm, type ProductFormFields } from './catalog-admin.inputs'

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
  const loaded: ProductFormFields = { name: 'Oak Desk', description: 'Solid oak.', categorySlug: 'desks', price: '120.00', stock: '4', slug: 'oak-desk' }

  it('sends only the fields that differ from what was loaded, at its version', () => {
    expect(readEditForm({ ...loaded, stock: '9', name: ' Oak Desk ' }, loaded, 7)).toEqual({ input: { stock: 9, version: 7 } })
    expect(readEditForm({ ...loaded, name: 'Walnut Desk', description: 'Solid walnut.' }, loaded, 7)).toEqual({ input: { name: 'Walnut Desk', description: 'Solid walnut.', version: 7 } })
  })

  it('compares prices and stock by value: 120 for a loaded 120.00 is no change', () => {
    expect(readEditForm({ ...loaded, price: '120', stock: '04' }, loaded, 7)).toEqual({ errors: { form: 'Nothing has changed yet.' } })
  })

  it('names each field that is wrong, and says when nothing changed', () => {
    expect(readEditForm({ ...loaded, price: '12,50', stock: '-1' }, loaded, 7)).toEqual({ errors: { price: 'Give the price in dollars, like 12.50', stock: 'Stock is a whole number, like 12' } })
    expect(readEditForm(loaded, loaded, 7)).toEqual({ errors: { form: 'Nothing has changed yet.' } })
  })
})
