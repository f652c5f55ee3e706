import { useRemoveCartLineMutation } from '../cart.mutations'
import type { Cart, CartLine } from '../cart.schemas'

/** Lines whose product was taken off sale: each must be removed before an order can go through. */
export const archivedCartLines = (cart: Cart) => cart.lines.filter((line) => line.archived)

function ArchivedCartLine({ line }: { line: CartLine }) {
  const remove = useRemoveCartLineMutation(line.productId)
  return (
    <li className="flex flex-wrap items-center justify-between gap-3 py-3">
      <p>
        <span className="font-medium">{line.name}</span>: no longer sold
      </p>
      <button
        type="button"
        disabled={remove.isPending}
        onClick={() => remove.mutate({ productId: line.productId, productName: line.name })}
        aria-label={`Remove ${line.name}`}
        className="rounded-md border border-stone-300 px-3 py-1.5 text-sm hover:bg-stone-100 disabled:opacity-50"
      >
        Remove
      </button>
    </li>
  )
}

/**
 * What checkout cannot sell at all, with the way out. Read from the cart, whose lines carry the
 * mark: a checkout refused for them writes it into the cart (see cascade.ts).
 */
export function ArchivedCartLines({ lines }: { lines: CartLine[] }) {
  if (lines.length === 0) return null
  return (
    <section aria-labelledby="archived-lines-heading" className="rounded-xl border border-amber-300 bg-amber-50 p-5">
      <h2 id="archived-lines-heading" className="font-semibold text-amber-900">
        {lines.length === 1 ? 'One item is' : `${lines.length} items are`} no longer sold
      </h2>
      <ul aria-label="Items to remove" className="mt-2 divide-y divide-amber-200">
        {lines.map((line) => (
          <ArchivedCartLine key={line.productId} line={line} />
        ))}
      </ul>
    </section>
  )
}
