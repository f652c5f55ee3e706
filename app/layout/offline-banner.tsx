import { useMutationState, useQueryClient, type Mutation, type QueryClient } from '@tanstack/react-query'
import { useState, useSyncExternalStore } from 'react'
import { productNameOf } from '~/features/cart/cart-messages'
import type { CartChangeVariables } from '~/features/cart/cart.mutations'
import { cartChangeKind, cartKeys } from '~/features/cart/cart.queries'
import { changeIdOf, isRestoredChange, savedChanges } from '~/query/outbox-state'
import { useOnline } from '~/lib/online'

type QueuedChange = { id: string; kind: ReturnType<typeof cartChangeKind>; variables: CartChangeVariables; restored: boolean }

// Every cart change the server has not answered: offline, each of them waits for the network.
const unansweredCartChange = {
  filters: { mutationKey: cartKeys.all, status: 'pending' as const },
  select: (mutation: Mutation<unknown, Error, unknown, unknown>): QueuedChange => ({
    id: changeIdOf(mutation),
    kind: cartChangeKind(mutation.options.mutationKey),
    variables: mutation.state.variables as CartChangeVariables,
    restored: isRestoredChange(mutation),
  }),
}

/** True from the moment the connection comes back until the changes it held are all answered. */
function useReconnecting(online: boolean, waiting: number) {
  // Derived from the previous render's values, adjusted while rendering (no effect, no extra paint).
  const [seen, setSeen] = useState({ online, reconnecting: false })
  if (seen.online !== online) setSeen({ online, reconnecting: online && !seen.online })
  else if (seen.reconnecting && waiting === 0) setSeen({ online, reconnecting: false })
  return seen.reconnecting && waiting > 0
}

function describe(change: QueuedChange, client: QueryClient) {
  const quantity = 'quantity' in change.variables ? change.variables.quantity : undefined
  const name = productNameOf(client, change.variables) ?? 'a product'
  if (change.kind === 'add-line') return `Add ${quantity} × ${name}`
  if (change.kind === 'remove-line') return `Remove ${name}`
  return `${name}: quantity ${quantity}`
}

/**
 * Says honestly what is unconfirmed: offline, and which cart changes wait for the network (and
 * whether they are safe on this device yet); back online, that they are being sent. Hidden when
 * there is nothing to say; the status region itself is always there, so changes are announced.
 */
export function OfflineBanner() {
  const online = useOnline()
  const unanswered = useMutationState(unansweredCartChange)
  const reconnecting = useReconnecting(online, unanswered.length)
  // Online, a change on its way is not news; only those that waited (for the network, or in a closed tab) are.
  const queued = online && !reconnecting ? unanswered.filter((change) => change.restored) : unanswered
  const saved = useSyncExternalStore(savedChanges.subscribe, savedChanges.get, savedChanges.get)
  const client = useQueryClient()
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
                  <li key={change.id}>{describe(change, client)}</li>
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
