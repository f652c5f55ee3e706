import { readCookie, serializeCookie } from './cookies'

/**
 * The httpOnly cookie that names a browser: its cart, and the orders it placed. The cart row behind
 * it is created on the first cart write; orders are found by the same token.
 */
const CART_COOKIE = 'cartwheel_cart'

const CART_COOKIE_MAX_AGE_SECONDS = 60 * 60 * 24 * 30

export const readCartToken = (request: Request) => readCookie(request, CART_COOKIE)

/** The Set-Cookie that keeps the token for 30 days from the browser's last change. */
export const cartCookieHeader = (request: Request, token: string) => ({
  'set-cookie': serializeCookie(request, CART_COOKIE, token, { maxAgeSeconds: CART_COOKIE_MAX_AGE_SECONDS }),
})
