import { useRemoveCartLineMutation, useSetCartLineQuantityMutation } from '../cart.mutations'
import type { Cart, CartLine } from '../cart.schemas'

/** Lines asking for more than the shop has: each must be lowered or removed before an order can go through. */
export const shortCartLines = (cart: Cart) => cart.lines.filter((line) => !line.archived && line.quantity > line.stock)

function ShortCartLine({ line }: { line: CartLine }) {
  const setQuantity = useSetCartLineQuantityMutation(line.productId)
  const remove = useRemoveCartLineMutation(line.productId)
  const busy = setQuantity.isPending || remove.isPending
  return (
    <li className="flex flex-wrap items-center justify-between gap-3 py-3">
      <p>
        <span className="font-medium">{line.name}</span>:{' '}
        {line.stock === 0 ? `sold out (you asked for ${line.quantity})` : `only ${line.stock} available (you asked for ${line.quantity})`}
      </p>
      <div className="flex gap-2">
        {line.stock > 0 ? (
          <button
            type="button"
            disabled={busy}
            onClick={() => setQuantity.mutate({ productId: line.productId, quantity: line.stock, productName: line.name })}
            className="rounded-md border border-stone-300 px-3 py-1.5 text-sm hover:bg-stone-100 disabled:opacity-50"
          >
            Set to {line.stock} available
          </button>
        ) : null}
        <button
          type="button"
          disabled={busy}
          onClick={() => remove.mutate({ productId: line.productId, productName: line.name })}
          aria-label={`Remove ${line.name}`}
          className="rounded-md border border-stone-300 px-3 py-1.5 text-sm hover:bg-stone-100 disabled:opacity-50"
        >
          Remove
        </button>
      </div>
    </li>
  )
}

/**
 * What checkout cannot fill, with the two ways out. Read from the cart, whose lines carry their
 * stock: a refused checkout writes the numbers it learned into the cart (see cascade.ts).
 */
export function ShortCartLines({ lines }: { lines: CartLine[] }) {
  if (lines.length === 0) return null
  return (
    <section aria-labelledby="short-lines-heading" className="rounded-xl border border-amber-300 bg-amber-50 p-5">
      <h2 id="short-lines-heading" className="font-semibold text-amber-900">
        {lines.length === 1 ? 'One item is' : `${lines.length} items are`} no longer available in the quantity you asked for
      </h2>
      <ul aria-label="Items to adjust" className="mt-2 divide-y divide-amber-200">
        {lines.map((line) => (
          <ShortCartLine key={line.productId} line={line} />
        ))}
      </ul>
    </section>
  )
}
