import { useRouter } from '@tanstack/react-router'
import { useEffect, useRef, type MouseEvent, type PointerEvent } from 'react'

/**
 * Hover intent for a link that content can slide under: props to spread on a `<Link>` so that a
 * mouse preloads its page only once it moves over the link, not when the link merely arrives
 * under a resting pointer. After "Next →" scrolls a listing back to the top, the browser sends
 * mouseenter to whichever card now sits under the pointer, and the router's hover preload would
 * fetch a product nobody pointed at; a pointermove comes only from a pointer that moved.
 *
 * Focus and touch stay the router's own (`preload: 'intent'`), as does the shared delay
 * (`defaultPreloadDelay`); with preloading off (data saving) this does nothing either.
 */
export function useMovedPointerIntent(preload: () => Promise<unknown>) {
  const router = useRouter()
  const intent = useRef<{ timer?: ReturnType<typeof setTimeout>; started: boolean }>({ started: false })
  useEffect(() => () => clearTimeout(intent.current.timer), [])
  if (router.options.defaultPreload !== 'intent') return {}

  const cancel = () => {
    clearTimeout(intent.current.timer)
    intent.current = { started: false }
  }
  return {
    // A handler that prevents the default stops the router's own handler (composeHandlers): its
    // hover preload never starts, so a pointer that only rested here preloads nothing.
    onMouseEnter: (event: MouseEvent) => event.preventDefault(),
    onPointerMove: (event: PointerEvent) => {
      // Touch has the router's touchstart, which preloads at once.
      if (event.pointerType === 'touch' || intent.current.started) return
      intent.current.started = true
      intent.current.timer = setTimeout(() => {
        intent.current.timer = undefined
        // A failed preload is only a missed head start: the click loads the page as usual.
        preload().catch(() => {})
      }, router.options.defaultPreloadDelay ?? 0)
    },
    onPointerLeave: cancel,
  }
}
