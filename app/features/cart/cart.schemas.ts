import { z } from 'zod'

const cents = z.number().int().nonnegative()

export const cartLineSchema = z.object({
  productId: z.number().int().positive(),
  slug: z.string(),
  name: z.string(),
  unitPriceCents: cents,
  quantity: z.number().int().positive(),
  lineTotalCents: cents,
  stock: z.number().int().nonnegative(),
})

export const cartSchema = z.object({
  lines: z.array(cartLineSchema),
  itemCount: z.number().int().nonnegative(),
  subtotalCents: cents,
  currency: z.literal('USD'),
  updatedAt: z.iso.datetime().nullable(),
})

export type Cart = z.infer<typeof cartSchema>
