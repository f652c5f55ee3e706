import { useRouterState } from '@tanstack/react-router'
import { useState } from 'react'
import { formFieldNames } from '~/lib/form-actions'
import { newIdempotencyKey } from '~/lib/idempotency'

/**
 * The key a form that creates something posts with, fresh for each page the server renders: the
 * browser resubmitting the post, or a double tap, sends it again and the server applies it once.
 * Hydration keeps the server's value (the browser draws its own key for what it sends itself), so
 * the mismatch is expected.
 */
export function IdempotencyKeyField() {
  const [key] = useState(newIdempotencyKey)
  return <input type="hidden" name={formFieldNames.idempotencyKey} value={key} suppressHydrationWarning />
}

/** The page a posted form comes back to, with its message: the one it was sent from. */
export function ReturnToField() {
  const href = useRouterState({ select: (state) => state.location.href })
  return <input type="hidden" name={formFieldNames.returnTo} value={href} />
}
