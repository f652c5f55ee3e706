import { describe, expect, it } from 'vitest'
import { withLineQuantity, withLineRestored } from './cart.optimistic'
import { emptyCart, type Cart } from './cart.schemas'

const desk = { productId: 1, slug: 'desk-1', name: 'Walnut Desk', unitPriceCents: 50_000, stock: 3 }
const lamp = { productId: 2, slug: 'lamp-2', name: 'Brass Lamp', unitPriceCents: 4_500, stock: 10 }

const cartOf = (...lines: Array<[typeof desk, number]>) =>
  lines.reduce<Cart>((cart, [product, quantity]) => withLineQuantity(cart, product, quantity), emptyCart)

describe('the optimistic cart', () => {
  it('adds a new line last, with its total and the cart’s totals', () => {
    const cart = cartOf([desk, 1], [lamp, 2])
    expect(cart.lines.map((line) => [line.productId, line.quantity, line.lineTotalCents])).toEqual([
      [1, 1, 50_000],
      [2, 2, 9_000],
    ])
    expect(cart).toMatchObject({ itemCount: 3, subtotalCents: 59_000 })
  })

  it('changes a line in place and removes it at 0', () => {
    const cart = cartOf([desk, 1], [lamp, 2])
    expect(withLineQuantity(cart, desk, 3).lines.map((line) => line.productId)).toEqual([1, 2])
    expect(withLineQuantity(cart, desk, 0)).toMatchObject({ itemCount: 2, subtotalCents: 9_000, lines: [{ productId: 2 }] })
  })

  it('keeps the other lines’ objects, so their rows do not re-render', () => {
    const cart = cartOf([desk, 1], [lamp, 2])
    expect(withLineQuantity(cart, desk, 2).lines[1]).toBe(cart.lines[1])
  })

  it('restores one line at its old place, leaving the others as they are now', () => {
    const before = cartOf([desk, 1], [lamp, 2])
    const removed = withLineQuantity(before, desk, 0)
    const lampRaised = withLineQuantity(removed, lamp, 5)
    const restored = withLineRestored(lampRaised, 1, { line: before.lines[0], index: 0 })
    expect(restored.lines.map((line) => [line.productId, line.quantity])).toEqual([
      [1, 1],
      [2, 5],
    ])
    expect(restored.itemCount).toBe(6)
  })

  it('restores “not in the cart” by taking the line out', () => {
    const added = cartOf([lamp, 1], [desk, 1])
    expect(withLineRestored(added, 1, { line: undefined, index: -1 }).lines.map((line) => line.productId)).toEqual([2])
  })
})
