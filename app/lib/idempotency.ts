import { z } from 'zod/mini'

/** Sent with every POST that must apply once; a retry of the same request reuses it. */
export const idempotencyKeySchema = z.string().check(z.minLength(16), z.maxLength(255), z.regex(/^[\x21-\x7e]+$/, 'Printable ASCII without spaces'))

/** A key that names one attempt; every retry of that attempt sends the same key. */
export function newIdempotencyKey() {
  // getRandomValues, not randomUUID: the latter is missing on plain-HTTP pages other than localhost.
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('')
}
