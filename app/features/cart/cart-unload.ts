import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { hasUnconfirmedCartChanges } from './cart-sync'
import { cartKeys } from './cart.queries'

/**
 * A change flushed as the page unloads (a stepper burst on reload) races the next page's own
 * request: the server may render the new page before it applies the change. The leaving page
 * leaves a note in sessionStorage (same tab only); the next page refetches the cart once.
 */
const SENT_WHILE_LEAVING = 'cartwheel:cart-sent-while-leaving'

export function noteCartChangeSentWhileLeaving() {
  try {
    sessionStorage.setItem(SENT_WHILE_LEAVING, '1')
  } catch {
    // Storage can be unavailable (private modes, quotas): the cart then refreshes on focus instead.
  }
}

function takeNote() {
  try {
    const noted = sessionStorage.getItem(SENT_WHILE_LEAVING) !== null
    sessionStorage.removeItem(SENT_WHILE_LEAVING)
    return noted
  } catch {
    return false
  }
}

/**
 * Mounted once in the root layout. After hydration, refetch the cart if the last page left
 * mid-change; and when this page goes away with changes still on their way (keepalive carries
 * them), leave that note for the next one.
 */
export function useResyncCartAfterLeavingMidChange() {
  const client = useQueryClient()
  useEffect(() => {
    if (takeNote()) void client.invalidateQueries({ queryKey: cartKeys.detail() })
    const noteIfUnconfirmed = () => {
      if (hasUnconfirmedCartChanges(client)) noteCartChangeSentWhileLeaving()
    }
    window.addEventListener('pagehide', noteIfUnconfirmed)
    return () => window.removeEventListener('pagehide', noteIfUnconfirmed)
  }, [client])
}
