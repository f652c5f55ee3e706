import { useEffect, useRef, useSyncExternalStore, type CSSProperties } from 'react'
import type { Virtualizer } from '@tanstack/react-virtual'

/** Every row is this tall, whatever it shows: the virtualizer never has to measure. */
export const ROW_HEIGHT = 64

/** A row's height where the screen is narrow (a phone): each product is a card of five lines. */
export const NARROW_ROW_HEIGHT = 152

/** Where the wide layout starts: the width at which its columns fit, as in the `min-[66rem]:` classes below. */
export const WIDE_LAYOUT_MEDIA = '(width >= 66rem)'

/**
 * The grid's two layouts, one template each; every cell names its area, so the same markup fills
 * either. Narrow: a card, the product's name across the top, then its SKU and last update, the two
 * figures an admin edits, the actions, and the status line. Wide: a column each on one line, the
 * status line under it.
 */
export const ROW_LAYOUT = [
  "grid grid-cols-[2rem_minmax(0,1fr)_minmax(0,1fr)] items-center gap-x-3 gap-y-1 [grid-template-areas:'select_name_name'_'._sku_updated'_'._stock_price'_'._actions_actions'_'._status_status']",
  "min-[66rem]:grid-cols-[2rem_9rem_minmax(10rem,1fr)_7rem_8rem_9rem_11rem] min-[66rem]:gap-y-0 min-[66rem]:[grid-template-areas:'select_sku_name_stock_price_updated_actions'_'._status_status_status_status_status_status']",
].join(' ')

/**
 * The rows' box: as tall as every row, at the row height the width picks. CSS picks it, not the
 * script, so the server's HTML (which cannot know the width) is laid out right before hydration.
 */
export const rowBox = (count: number) => ({
  className: 'relative h-[calc(var(--row-count)*var(--row-height))] [--row-height:var(--narrow-row-height)] min-[66rem]:[--row-height:var(--wide-row-height)]',
  style: { '--row-count': count, '--narrow-row-height': `${NARROW_ROW_HEIGHT}px`, '--wide-row-height': `${ROW_HEIGHT}px` } as CSSProperties,
})

/** Where the row at `index` sits in the rows' box: `index` rows down, at the row height CSS picked. */
export const rowPlacement = (index: number) => ({
  className: 'absolute inset-x-0 h-(--row-height) translate-y-[calc(var(--row-index)*var(--row-height))]',
  style: { '--row-index': index } as CSSProperties,
})

let wideMedia: MediaQueryList | undefined
const wideLayout = () => (wideMedia ??= window.matchMedia(WIDE_LAYOUT_MEDIA))

const subscribe = (onChange: () => void) => {
  wideLayout().addEventListener('change', onChange)
  return () => wideLayout().removeEventListener('change', onChange)
}

/**
 * The row height CSS picks at this width, for the virtualizer to know how many rows fit. The
 * server renders the wide layout's count; a narrow browser corrects it once hydrated.
 */
export function useRowHeight() {
  const wide = useSyncExternalStore(subscribe, () => wideLayout().matches, () => true)
  return wide ? ROW_HEIGHT : NARROW_ROW_HEIGHT
}

/** The virtualizer keeps the sizes it estimated: when the row height changes, it must forget them. */
export function useRemeasureOnChange(virtualizer: Virtualizer<HTMLDivElement, Element>, rowHeight: number) {
  const measuredAt = useRef(rowHeight)
  useEffect(() => {
    if (measuredAt.current === rowHeight) return
    measuredAt.current = rowHeight
    virtualizer.measure()
  }, [virtualizer, rowHeight])
}
