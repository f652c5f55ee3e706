import { z } from 'zod/mini'
import { ApiError } from '~/lib/api-error'
import { formFieldNames } from '~/lib/form-actions'
import { idempotencyKeySchema } from '~/lib/idempotency'
import { readBodyText, validationError } from './http'

/** A posted form's fields: the first value of each name, as the browser sent it. */
export type FormFields = Readonly<Record<string, string>>

/** Reads an application/x-www-form-urlencoded body, the one kind a plain HTML form sends here. */
export async function readFormFields(request: Request): Promise<FormFields> {
  const text = await readBodyText(request, 'application/x-www-form-urlencoded', 'Send the form as application/x-www-form-urlencoded')
  const fields: Record<string, string> = {}
  for (const [name, value] of new URLSearchParams(text)) fields[name] ??= value
  return fields
}

// A field name never reaches an object's prototype ("__proto__.x", "constructor").
const UNSAFE_SEGMENTS = new Set(['__proto__', 'prototype', 'constructor'])

/**
 * A field's text as a number for the schema: empty is absent, decimal digits are their number,
 * anything else (0x10, 1e1, Infinity, which Number() would read) is NaN, which the schema refuses.
 */
function asNumber(text: string | undefined) {
  const trimmed = text?.trim()
  if (!trimmed) return undefined
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : Number.NaN
}

/**
 * Parses a form with the same zod schema the API uses. Dotted names nest ("address.city"), the
 * `numbers` named are read as numbers, and a refusal is the API's VALIDATION_ERROR with one issue
 * per field, which the form shows beside each field.
 */
export function parseFormFields<T extends z.core.$ZodType>(fields: FormFields, schema: T, { numbers = [] }: { numbers?: readonly string[] } = {}): z.output<T> {
  const input: Record<string, unknown> = {}
  for (const [name, text] of Object.entries(fields)) {
    const path = name.split('.')
    if (path.some((segment) => UNSAFE_SEGMENTS.has(segment))) continue
    let target = input
    for (const segment of path.slice(0, -1)) {
      const next = target[segment]
      target = (target[segment] = typeof next === 'object' && next !== null ? next : {}) as Record<string, unknown>
    }
    target[path.at(-1) as string] = numbers.includes(name) ? asNumber(text) : text
  }
  const result = z.safeParse(schema, input)
  if (!result.success) throw validationError(result.error.issues, 'Please correct the highlighted details')
  return result.data
}

/** The form's hidden idempotency key (see IdempotencyKeyField), checked as the API checks its header. */
export function readIdempotencyField(fields: FormFields): string {
  const result = idempotencyKeySchema.safeParse(fields[formFieldNames.idempotencyKey])
  if (!result.success) throw new ApiError(400, 'VALIDATION_ERROR', 'This form is out of date: reload the page and send it again')
  return result.data
}
