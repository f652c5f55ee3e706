import { useMutationState, useQuery, type Mutation } from '@tanstack/react-query'
import { useSyncExternalStore } from 'react'
import { cartKeys, cartQueries } from '~/features/cart/cart.queries'
import type { Cart } from '~/features/cart/cart.schemas'
import { changeId, savedChanges } from '~/lib/offline-persistence'
import { useOnline } from '~/lib/online'
import { productIdOf } from '~/offline-sync'

type QueuedChange = { id: string; kind: unknown; variables: unknown }

const queuedCartChange = {
  filters: { mutationKey: cartKeys.all, predicate: (mutation: Mutation<unknown, Error, unknown, unknown>) => mutation.state.isPaused },
  select: (mutation: Mutation<unknown, Error, unknown, unknown>): QueuedChange => ({
    id: changeId({ mutationKey: mutation.options.mutationKey, state: mutation.state }),
    kind: mutation.options.mutationKey?.[1],
    variables: mutation.state.variables,
  }),
}

// Stable selector: product names by id, from the cart on screen, for changes that carry only an id.
const selectNames = (cart: Cart) => new Map(cart.lines.map((line) => [line.productId, line.name]))

function describe(change: QueuedChange, names: Map<number, string> | undefined) {
  const variables = change.variables as { quantity?: number; product?: { name: string } }
  const productId = productIdOf(change.variables)
  const name = variables.product?.name ?? (productId === undefined ? undefined : names?.get(productId)) ?? 'a product'
  if (change.kind === cartKeys.addLine()[1]) return `Add ${variables.quantity} × ${name}`
  if (change.kind === cartKeys.removeLine()[1]) return `Remove ${name}`
  return `${name}: quantity ${variables.quantity}`
}

/**
 * Says honestly what is unconfirmed: offline, and which cart changes wait for the network (and
 * whether they are safe on this device yet); back online, that they are being sent. Hidden when
 * there is nothing to say; the status region itself is always there, so changes are announced.
 */
export function OfflineBanner() {
  const online = useOnline()
  const queued = useMutationState(queuedCartChange)
  const saved = useSyncExternalStore(savedChanges.subscribe, savedChanges.get, savedChanges.get)
  const names = useQuery({ ...cartQueries.detail(), select: selectNames, enabled: false }).data
  const allSaved = queued.every((change) => saved.has(change.id))
  const count = `${queued.length} ${queued.length === 1 ? 'change' : 'changes'}`

  let message: string | undefined
  if (!online) message = queued.length === 0 ? "You're offline — pages you visited still work" : `You're offline — ${count} waiting`
  else if (queued.length > 0) message = `Back online — sending ${count}…`

  return (
    <div role="status" aria-label="Connection" className={message ? 'border-b border-amber-300 bg-amber-50 text-amber-950' : 'sr-only'}>
      {message ? (
        <div className="mx-auto max-w-6xl px-4 py-2 text-sm">
          <p className="font-medium">{message}</p>
          {queued.length > 0 ? (
            <>
              <ul aria-label="Changes waiting" className="mt-1 list-disc pl-5">
                {queued.map((change) => (
                  <li key={change.id}>{describe(change, names)}</li>
                ))}
              </ul>
              {!online ? (
                <p className="mt-1 text-amber-900">
                  {allSaved ? 'Saved on this device: they will be sent, once each, when you are back online.' : 'Saving them on this device…'}
                </p>
              ) : null}
            </>
          ) : null}
        </div>
      ) : null}
    </div>
  )
}
