/**
 * The ranges every stored number keeps. The API refuses a request that would leave them before it
 * writes anything, and the schema's CHECK constraints hold them whatever code runs: so an answer
 * built after a commit can never fall outside the schemas the clients parse it with.
 */
export const MAX_STOCK = 1_000_000
export const MAX_PRICE_CENTS = 100_000_000

/** One line holds at most this many units: enough for any household, small enough to catch a typo. */
export const MAX_LINE_QUANTITY = 99

/** A cart, so an order, holds at most this many different products and this many units in all. */
export const MAX_CART_LINES = 50
export const MAX_CART_UNITS = 200
