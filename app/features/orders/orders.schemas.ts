import { isApiError } from '~/lib/api-error'
import { z } from 'zod/mini'
import { isPrintable } from '~/lib/printable'

const cents = z.number().check(z.int(), z.nonnegative())

/** Where the shop delivers; the checkout form offers these and the API accepts only these. */
export const shippingCountries = {
  US: 'United States',
  CA: 'Canada',
  GB: 'United Kingdom',
  IE: 'Ireland',
  DE: 'Germany',
  FR: 'France',
  NL: 'Netherlands',
  ES: 'Spain',
  IT: 'Italy',
  AU: 'Australia',
  NZ: 'New Zealand',
} as const

type ShippingCountry = keyof typeof shippingCountries

/** A country's name for display; a code the shop no longer ships to is shown as it is. */
export const countryName = (code: string) => (shippingCountries as Record<string, string>)[code] ?? code

const countryCodes = Object.keys(shippingCountries) as [ShippingCountry, ...ShippingCountry[]]

const text = (label: string, max: number, ...more: Array<z.core.$ZodCheck<string>>) =>
  z.string({ error: `Enter ${label}` }).check(
    z.trim(),
    z.minLength(1, `Enter ${label}`),
    z.maxLength(max, `Keep ${label} under ${max + 1} characters`),
    // Invisible characters alone (a zero-width space) are not a name or an address.
    z.regex(/[\p{L}\p{N}]/u, `Enter ${label}`),
    z.refine(isPrintable, `Remove the hidden or control characters from ${label}`),
    ...more,
  )

/**
 * What a shopper types at checkout. The form validates with this same schema before sending, and
 * the server validates again: field messages read the same on both sides. Unknown fields (a
 * total, a price) are dropped; the server prices the order itself.
 */
export const checkoutInputSchema = z.object({
  email: z.pipe(
    z
      .string({ error: 'Enter your email address' })
      .check(z.trim(), z.minLength(1, 'Enter your email address'), z.maxLength(254, 'Keep the email address under 255 characters')),
    z.email('Enter an email address like name@example.com'),
  ),
  name: text('your full name', 100),
  address: z.object({
    line1: text('the street address', 200),
    city: text('the town or city', 100),
    postalCode: text('the postal code', 16, z.regex(/^[A-Za-z0-9][A-Za-z0-9 -]*$/, 'Use letters, digits, spaces and dashes')),
    country: z.enum(countryCodes, { error: 'Choose a country we ship to' }),
  }),
})

export type CheckoutInput = z.infer<typeof checkoutInputSchema>

const orderLineSchema = z.object({
  productId: z.number().check(z.int(), z.positive()),
  name: z.string(),
  unitPriceCents: cents,
  quantity: z.number().check(z.int(), z.positive()),
  lineTotalCents: cents,
})

// Crockford's base 32: no I, L, O or U, so a number read aloud or copied by hand is not misread.
export const ORDER_NUMBER_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/**
 * An order number as it appears in a path ("/api/orders/CW-7K3M-9Q2D"); lower case is accepted
 * and read as upper case. It is the order's public id: the table's row id, a counter, would tell
 * anyone who orders twice how many orders were placed in between.
 */
export const orderNumberSchema = z.pipe(
  z.pipe(
    z.string(),
    z.transform((value) => value.toUpperCase()),
  ),
  z.string().check(z.regex(/^CW-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/, 'Must be an order number like CW-7K3M-9Q2D')),
)

export const orderSchema = z.object({
  // The order number again: the id clients use in paths and keys.
  id: z.string(),
  number: z.string(),
  email: z.string(),
  name: z.string(),
  // Plain strings, not the input rules: an order placed under today's rules must still read back
  // after they tighten (a country dropped, a stricter postal code).
  address: z.object({ line1: z.string(), city: z.string(), postalCode: z.string(), country: z.string() }),
  status: z.enum(['placed', 'shipped', 'cancelled']),
  lines: z.array(orderLineSchema),
  itemCount: z.number().check(z.int(), z.positive()),
  subtotalCents: cents,
  totalCents: cents,
  currency: z.literal('USD'),
  createdAt: z.iso.datetime(),
})

export type Order = z.infer<typeof orderSchema>

export const orderListSchema = z.object({ items: z.array(orderSchema) })

/** One line a checkout could not fill: what the cart asked for and what the shop has. */
export const shortLineSchema = z.object({
  productId: z.number().check(z.int(), z.positive()),
  requested: z.number().check(z.int(), z.positive()),
  available: z.number().check(z.int(), z.nonnegative()),
})

export type ShortLine = z.infer<typeof shortLineSchema>

export const insufficientStockDetailsSchema = z.object({ lines: z.array(shortLineSchema).check(z.minLength(1)) })

/** A line a checkout refused because its product is no longer sold. */
export const archivedLineSchema = z.object({ productId: z.number().check(z.int(), z.positive()), name: z.string() })

export type ArchivedLine = z.infer<typeof archivedLineSchema>

const productArchivedDetailsSchema = z.object({ lines: z.array(archivedLineSchema).check(z.minLength(1)) })

/** The lines of a checkout refused for products no longer sold, or undefined for any other failure. */
export function archivedLinesOf(error: unknown): ArchivedLine[] | undefined {
  if (!isApiError(error, 409) || error.code !== 'PRODUCT_ARCHIVED') return undefined
  return productArchivedDetailsSchema.safeParse(error.details).data?.lines
}

/** The short lines of a checkout refused for stock, or undefined for any other failure. */
export function shortLinesOf(error: unknown): ShortLine[] | undefined {
  if (!isApiError(error, 409) || error.code !== 'INSUFFICIENT_STOCK') return undefined
  return insufficientStockDetailsSchema.safeParse(error.details).data?.lines
}
