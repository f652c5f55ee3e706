import { z } from 'zod/mini'

// Query-string values arrive as strings; these parse them strictly so "x" or "1.5" is a 400, not a guess.
export const queryInt = (min: number, max: number) =>
  z.pipe(
    z.pipe(z.string().check(z.regex(/^-?\d+$/, 'Must be a whole number')), z.transform(Number)),
    z.number().check(z.int(), z.minimum(min), z.maximum(max)),
  )

/** A database id in a path segment ("/lines/42"): digits only, no sign, no leading zero. */
export const pathId = z.pipe(z.string().check(z.regex(/^[1-9]\d{0,9}$/, 'Must be a positive whole number')), z.transform(Number))
