import handler from '@tanstack/react-start/server-entry'
import { serverSettings } from '../app.config'
import { handleApiRequest } from './http/api-router'
import { answerCrawlerFile, isCrawlerFilePath } from './http/crawler-files'
import { databaseReady } from './http/database'
import { clearFormFlashCookie, readFormFlash } from './http/form-flash'
import { handleFormPost, isFormPath } from './http/form-posts'
import { relativeLocation } from './http/relative-redirect'
import { baseSecurityHeaders, createNonce, pageSecurityHeaders } from './http/security-headers'
import { isUnusableServerFunctionPath, serverFunctionNotFound } from './http/unknown-server-function'

// The production server ends the event streams, then closes the database, on shutdown (scripts/serve.ts).
export { closeDatabase, databaseReady } from './http/database'
export { closeEventStreams } from './live/event-stream'

/**
 * Every page is rendered with this browser's cart in it (the header badge, the cart page), so no
 * shared cache may store one shopper's page for another.
 */
function keepPagesPrivate(request: Request, headers: Headers) {
  // Admin pages carry inventory and the admin's email: kept nowhere, not even after sign-out.
  const admin = new URL(request.url).pathname.startsWith('/admin')
  headers.set('cache-control', admin ? 'no-store' : 'private, no-cache')
  headers.append('vary', 'Cookie')
}

/**
 * Changes the response's own headers: a copy would pipe every body, each API answer included,
 * through a second stream. Only a redirect's headers are immutable, and it has no body to copy.
 */
function editHeaders(response: Response, edit: (headers: Headers) => void) {
  try {
    edit(response.headers)
    return response
  } catch (error) {
    if (!(error instanceof TypeError)) throw error
    const headers = new Headers(response.headers)
    edit(headers)
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
  }
}

/**
 * What Start's answers lack: the security headers (docs/security-headers.md), private pages,
 * redirects on this host. `nonce` is the one a page was rendered with; an answer rendered without
 * one (the API's) gets a fresh one should it ever be HTML, so its policy allows no inline script.
 */
function finishResponse(request: Request, response: Response, nonce?: string, flashShown = false) {
  return editHeaders(response, (headers) => {
    for (const [name, value] of Object.entries(baseSecurityHeaders(request))) headers.set(name, value)
    const location = headers.get('location')
    if (location !== null) headers.set('location', relativeLocation(request, location))
    if (!headers.get('content-type')?.startsWith('text/html')) return
    keepPagesPrivate(request, headers)
    // The page that showed a form's flash message clears it: a reload shows it no more.
    if (flashShown) headers.append('set-cookie', clearFormFlashCookie(request))
    // Vite's dev server adds inline scripts of its own that carry no nonce: dev pages go without the policy.
    if (!import.meta.env.DEV) for (const [name, value] of Object.entries(pageSecurityHeaders(nonce ?? createNonce()))) headers.set(name, value)
  })
}

export default {
  async fetch(request: Request, options?: Parameters<typeof handler.fetch>[1]) {
    const { pathname } = new URL(request.url)
    // Settled after the first request; on PostgreSQL the first waits for the live-event listener.
    const db = await databaseReady()
    // The API goes straight to its router. Through Start, every API request would first build a
    // page router and its QueryClient (getRouter) and run Start's middleware chain, only to reach
    // the /api server route, which calls handleApiRequest: a fifth of a checkout's CPU. This also
    // answers a path with broken percent-encoding, which Start answers with an empty 400. "/api"
    // itself is no endpoint, but it answers like one: a JSON 404.
    // No nonce is minted for it: the API answers JSON, and the random bytes cost a checkout 2% of its CPU.
    if (pathname === '/api' || pathname.startsWith('/api/')) return finishResponse(request, await handleApiRequest(request, { db }))
    // Robots and the sitemap are plain text from the database, for crawlers: no page router needed.
    if (isCrawlerFilePath(pathname)) return finishResponse(request, await answerCrawlerFile(request, { db, origin: serverSettings().PUBLIC_ORIGIN }))
    // Start fails on these server-function paths before (or outside) any middleware could answer.
    if (isUnusableServerFunctionPath(pathname)) return finishResponse(request, serverFunctionNotFound())
    // Forms the browser posts itself (before hydration, or without JavaScript): post/redirect/get.
    if (isFormPath(pathname)) return finishResponse(request, await handleFormPost(request, { db }))
    // Minted before Start runs: the router reads it from the request context (app/router.tsx) for
    // its scripts, and the policy header below allows exactly that value.
    const nonce = createNonce()
    // What the last form post left for this page; the root route renders it (app/routes/__root.tsx).
    const formFlash = request.method === 'GET' ? readFormFlash(request) : undefined
    // Start's own type knows only the nonce; the router reads both (requestContext in app/router.tsx).
    const context = { ...options?.context, nonce, formFlash }
    const response = await handler.fetch(request, { ...options, context })
    // A redirect passes the message on to the page it leads to; any page rendered shows it, and clears it.
    const flashShown = formFlash !== undefined && (response.status < 300 || response.status >= 400)
    return finishResponse(request, response, nonce, flashShown)
  },
}
