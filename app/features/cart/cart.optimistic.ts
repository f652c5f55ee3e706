import { cartTotals, type Cart, type CartLine } from './cart.schemas'

/**
 * The browser's guess at the cart after a change, shown until the server answers. Prices come
 * from the cart (or the product page) the server sent; the server's answer replaces the guess.
 */

/** What the browser knows about a product that is not in the cart yet. */
export type CartProductPreview = Pick<CartLine, 'productId' | 'slug' | 'name' | 'unitPriceCents' | 'stock'>

function withLines(cart: Cart, lines: CartLine[]): Cart {
  return { ...cart, lines, ...cartTotals(lines) }
}

// A product added from its page is on sale (the server refuses one that is not); a line keeps its own mark.
const lineWithQuantity = (line: CartProductPreview & Partial<Pick<CartLine, 'archived'>>, quantity: number): CartLine => ({
  productId: line.productId,
  slug: line.slug,
  name: line.name,
  unitPriceCents: line.unitPriceCents,
  stock: line.stock,
  archived: line.archived ?? false,
  quantity,
  lineTotalCents: line.unitPriceCents * quantity,
})

export const findLine = (cart: Cart | undefined, productId: number) => cart?.lines.find((line) => line.productId === productId)

// (Not `toSpliced`/`with`: they are newer than the browsers the build targets.)

/** The cart with a line set to a quantity (0 removes it); a new line goes last, as on the server. */
export function withLineQuantity(cart: Cart, product: CartProductPreview, quantity: number): Cart {
  const index = cart.lines.findIndex((line) => line.productId === product.productId)
  if (quantity <= 0) return index === -1 ? cart : withLines(cart, cart.lines.filter((_, at) => at !== index))
  if (index === -1) return withLines(cart, [...cart.lines, lineWithQuantity(product, quantity)])
  return withLines(
    cart,
    cart.lines.map((line, at) => (at === index ? lineWithQuantity(line, quantity) : line)),
  )
}

/** Puts one line back as it was (or takes it out if it was not there), leaving every other line alone. */
export function withLineRestored(cart: Cart, productId: number, previous: { line: CartLine | undefined; index: number }): Cart {
  const without = cart.lines.filter((line) => line.productId !== productId)
  if (!previous.line) return withLines(cart, without)
  const at = Math.max(0, Math.min(previous.index, without.length))
  return withLines(cart, [...without.slice(0, at), previous.line, ...without.slice(at)])
}
