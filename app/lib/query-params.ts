import { z } from 'zod'

// Query-string values arrive as strings; these parse them strictly so "x" or "1.5" is a 400, not a guess.
export const queryInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?\d+$/, 'Must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))

/** A database id in a path segment ("/lines/42"): digits only, no sign, no leading zero. */
export const pathId = z
  .string()
  .regex(/^[1-9]\d{0,9}$/, 'Must be a positive whole number')
  .transform(Number)
