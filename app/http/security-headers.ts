import { serverSettings } from '../../app.config'
import { isHttpsRequest } from './client-address'

/** 128 random bits per page response: a nonce an attacker saw once never works again. */
export function createNonce() {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64')
}

/**
 * Scripts run only from this origin or with this response's nonce, which the router puts on its
 * inline hydration scripts and React on its streaming ones: an injected `<script>` or `onclick=`
 * has no nonce and does not run. No 'strict-dynamic': every script the pages load is our own.
 */
export function contentSecurityPolicy(nonce: string) {
  return [
    // Images, fetches and the stylesheet come from this origin only (product images included).
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    // <style> elements need the nonce too; style="" attributes cannot carry one, and React renders
    // them on the server (the virtualized inventory rows are placed with height and transform).
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "object-src 'none'",
    // A stolen <base href> would send every relative script and link elsewhere.
    "base-uri 'none'",
    // Nobody may frame the shop (clickjacking the "Place order" button).
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ')
}

const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), accelerometer=(), gyroscope=(), magnetometer=()'

/** Headers every page (any text/html response) carries; see docs/security-headers.md. */
export function pageSecurityHeaders(nonce: string): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(nonce),
    // Other sites learn our origin from a link, never a path with an order id or a search.
    'referrer-policy': 'strict-origin-when-cross-origin',
    'permissions-policy': PERMISSIONS_POLICY,
  }
}

/**
 * What every response carries. HSTS only over https (directly, or as a trusted proxy reports it):
 * sent over plain http it is ignored by browsers, and a local or test server must stay reachable
 * over http.
 */
export function baseSecurityHeaders(request: Request, { trustProxy = serverSettings().TRUST_PROXY } = {}): Record<string, string> {
  const https = isHttpsRequest(request, { trustProxy })
  return {
    // A JSON body or an SVG is never sniffed into a script or a page.
    'x-content-type-options': 'nosniff',
    ...(https ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  }
}
