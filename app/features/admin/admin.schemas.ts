import { z } from 'zod/mini'

export const signInInputSchema = z.object({
  email: z.email('Enter the email address you sign in with').check(z.maxLength(254, 'An email address has at most 254 characters')),
  password: z.string().check(z.minLength(1, 'Enter your password'), z.maxLength(200, 'A password has at most 200 characters')),
})

export const adminSessionSchema = z.object({ email: z.string() })

export type SignInInput = z.infer<typeof signInInputSchema>
export type AdminSession = z.infer<typeof adminSessionSchema>
