import { createIsomorphicFn } from '@tanstack/react-start'
import { serverSettings } from '../../app.config'

let hydratedOrigin: string | undefined

/**
 * The shop's public origin (PUBLIC_ORIGIN), for absolute URLs: canonical links, og:image, JSON-LD.
 * Never the request's Host header, which any client can write: a page cached by a proxy or read
 * by a crawler must not name another site. The browser gets the server's value once, with the
 * router's dehydrated state (app/router.tsx), for the pages it renders itself.
 */
export const getPublicOrigin = createIsomorphicFn()
  .server(() => serverSettings().PUBLIC_ORIGIN)
  .client(() => hydratedOrigin ?? window.location.origin)

/** Called by the browser's router as it hydrates, with the origin the server rendered the page for. */
export function rememberPublicOrigin(origin: string) {
  hydratedOrigin = origin
}

/** An absolute URL on this shop for a path (`/products/oak-desk`). */
export const absoluteUrl = (path: string) => `${getPublicOrigin()}${path}`
