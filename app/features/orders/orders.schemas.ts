import { z } from 'zod'

const cents = z.number().int().nonnegative()

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

export type ShippingCountry = keyof typeof shippingCountries

const countryCodes = Object.keys(shippingCountries) as [ShippingCountry, ...ShippingCountry[]]

const text = (label: string, max: number) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .max(max, `Keep ${label} under ${max + 1} characters`)

/**
 * What a shopper types at checkout. The form validates with this same schema before sending, and
 * the server validates again: field messages read the same on both sides. Unknown fields (a
 * total, a price) are dropped; the server prices the order itself.
 */
export const checkoutInputSchema = z.object({
  email: z
    .string({ error: 'Enter your email address' })
    .trim()
    .min(1, 'Enter your email address')
    .max(254, 'Keep the email address under 255 characters')
    .pipe(z.email('Enter an email address like name@example.com')),
  name: text('your full name', 100),
  address: z.object({
    line1: text('the street address', 200),
    city: text('the town or city', 100),
    postalCode: text('the postal code', 16).regex(/^[A-Za-z0-9][A-Za-z0-9 -]*$/, 'Use letters, digits, spaces and dashes'),
    country: z.enum(countryCodes, { error: 'Choose a country we ship to' }),
  }),
})

export type CheckoutInput = z.infer<typeof checkoutInputSchema>

export const orderLineSchema = z.object({
  productId: z.number().int().positive(),
  name: z.string(),
  unitPriceCents: cents,
  quantity: z.number().int().positive(),
  lineTotalCents: cents,
})

export const orderSchema = z.object({
  id: z.number().int().positive(),
  number: z.string(),
  email: z.string(),
  name: z.string(),
  address: checkoutInputSchema.shape.address,
  status: z.enum(['placed', 'shipped', 'cancelled']),
  lines: z.array(orderLineSchema),
  itemCount: z.number().int().positive(),
  subtotalCents: cents,
  totalCents: cents,
  currency: z.literal('USD'),
  createdAt: z.iso.datetime(),
})

export type Order = z.infer<typeof orderSchema>

export const orderListSchema = z.object({ items: z.array(orderSchema) })

export type OrderList = z.infer<typeof orderListSchema>

/** One line a checkout could not fill: what the cart asked for and what the shop has. */
export const shortLineSchema = z.object({
  productId: z.number().int().positive(),
  requested: z.number().int().positive(),
  available: z.number().int().nonnegative(),
})

export type ShortLine = z.infer<typeof shortLineSchema>

export const insufficientStockDetailsSchema = z.object({ lines: z.array(shortLineSchema).min(1) })
