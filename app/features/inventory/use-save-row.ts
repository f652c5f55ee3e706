import { onlineManager } from '@tanstack/react-query'
import { useCallback } from 'react'
import { isApiError, NetworkError } from '~/lib/api-error'
import { useUpdateProductMutation } from './inventory.mutations'
import { conflictingRow } from './inventory.schemas'
import { parseDraft, type DraftStore } from './row-drafts'

/**
 * Saves a row's draft: only the fields the admin changed (against the row as it was when editing
 * began), sent with `version`, the version the admin is overriding. A conflict keeps the draft and
 * shows the server's row beside it; success drops the draft.
 */
export function useSaveRow(drafts: DraftStore) {
  const { mutateAsync } = useUpdateProductMutation()
  return useCallback(
    async (productId: number, version: number) => {
      const draft = drafts.get(productId)
      if (!draft || draft.status === 'saving') return
      const { stock, priceCents } = parseDraft(draft)
      if (stock === undefined || priceCents === undefined) {
        drafts.set(productId, { ...draft, error: 'Stock is a whole number from 0; price is in dollars, like 12.50' })
        return
      }
      const changes = {
        ...(stock === draft.base.stock ? {} : { stock }),
        ...(priceCents === draft.base.priceCents ? {} : { priceCents }),
      }
      if (Object.keys(changes).length === 0) return drafts.set(productId, undefined)
      drafts.set(productId, { ...draft, status: 'saving', error: undefined })
      try {
        const saved = await mutateAsync({ productId, ...changes, version })
        // The admin may have typed on while it saved: keep that, now based on the saved row.
        const now = drafts.get(productId) ?? draft
        const typedOn = now.stock !== draft.stock || now.price !== draft.price
        drafts.set(
          productId,
          typedOn ? { ...now, status: 'editing', base: { stock: saved.stock, priceCents: saved.priceCents, version: saved.version } } : undefined,
        )
      } catch (error) {
        const now = drafts.get(productId) ?? draft
        const theirs = conflictingRow(error)
        drafts.set(
          productId,
          theirs
            ? { ...now, status: 'conflict', theirs, error: undefined }
            : { ...now, status: 'editing', error: describeSaveFailure(error) },
        )
      }
    },
    [drafts, mutateAsync],
  )
}

/** The row's line for a save that failed other than by a conflict: that nothing was saved, and why. */
export function describeSaveFailure(error: unknown) {
  if (error instanceof NetworkError) {
    return onlineManager.isOnline()
      ? 'Not saved: the shop could not be reached. Press Enter to try again.'
      : "Not saved: this browser is offline. Press Enter to try again once you're back online."
  }
  return `Not saved: ${isApiError(error) ? error.message : 'the shop’s answer could not be read'}`
}
