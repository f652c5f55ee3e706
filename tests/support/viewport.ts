/**
 * jsdom lays nothing out and has no `matchMedia`. This one answers minimum-width queries
 * (`(width >= 66rem)`, `(min-width: 48rem)`, in px or rem) for a window as wide as the e2e
 * browser's, 1280 px, unless a test sets another width; setting one tells the listeners of each
 * query whose answer changed. Other queries (colour scheme, motion) never match.
 */
type Listener = (event: { matches: boolean }) => void

const DEFAULT_WIDTH = 1280
let width = DEFAULT_WIDTH
const lists = new Set<{ matches: () => boolean; listeners: Set<Listener> }>()

/** The width a query asks for at least; any other query never matches here. */
function minimumWidth(query: string) {
  const found = /\(\s*(?:min-width\s*:|width\s*>=)\s*([\d.]+)(px|rem)\s*\)/.exec(query)
  return found ? Number(found[1]) * (found[2] === 'rem' ? 16 : 1) : Number.POSITIVE_INFINITY
}

export function installMatchMedia() {
  window.matchMedia = (query: string) => {
    const minimum = minimumWidth(query)
    const entry = { matches: () => width >= minimum, listeners: new Set<Listener>() }
    const add = (listener: Listener) => lists.add(entry) && entry.listeners.add(listener)
    const remove = (listener: Listener) => entry.listeners.delete(listener) && entry.listeners.size === 0 && lists.delete(entry)
    return {
      media: query,
      get matches() {
        return entry.matches()
      },
      onchange: null,
      addEventListener: (_type: string, listener: Listener) => add(listener),
      removeEventListener: (_type: string, listener: Listener) => remove(listener),
      addListener: add,
      removeListener: remove,
      dispatchEvent: () => true,
    } as unknown as MediaQueryList
  }
}

/** Resizes the window as the media queries see it (1280 px again with no argument). */
export function setViewportWidth(next = DEFAULT_WIDTH) {
  const before = new Map([...lists].map((entry) => [entry, entry.matches()]))
  width = next
  for (const [entry, matched] of before) {
    const matches = entry.matches()
    if (matches !== matched) entry.listeners.forEach((listener) => listener({ matches }))
  }
}
