import { z } from 'zod'

export const signInInputSchema = z.object({
  email: z.email('Enter the email address you sign in with').max(254),
  password: z.string().min(1, 'Enter your password').max(200),
})

export const adminSessionSchema = z.object({ email: z.string() })

export type SignInInput = z.infer<typeof signInInputSchema>
export type AdminSession = z.infer<typeof adminSessionSchema>
