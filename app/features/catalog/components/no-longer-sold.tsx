/** In place of the stock and the add to cart on the page of a product taken off sale. */
export function NoLongerSold() {
  return (
    <div role="note" className="rounded-lg border border-stone-300 bg-stone-100 p-4">
      <p className="inline-block rounded-full bg-stone-200 px-2 py-0.5 text-xs font-medium text-stone-700">No longer sold</p>
      <p className="mt-2 text-stone-700">This product is no longer sold: it cannot be added to a cart. Orders that hold it are not affected.</p>
    </div>
  )
}
