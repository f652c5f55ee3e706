import { createContext, useContext } from 'react'
import { z } from 'zod/mini'
import type { FormActionName } from './form-actions'

/**
 * What a form post leaves for the page it redirects to (post/redirect/get): one message, and after
 * a refusal the fields to fill back in and the message per field. The server writes it into a
 * short-lived httpOnly cookie (app/http/form-flash.ts) and reads it back, through this schema, for
 * the next page it renders; the page shows it as text, never as markup.
 */
export const formFlashSchema = z.object({
  form: z.string(),
  tone: z.enum(['success', 'error']),
  message: z.string().check(z.maxLength(500)),
  fields: z.optional(z.record(z.string(), z.string())),
  fieldErrors: z.optional(z.record(z.string(), z.string())),
})

export type FormFlash = z.infer<typeof formFlashSchema>

const FormFlashContext = createContext<FormFlash | undefined>(undefined)

export const FormFlashProvider = FormFlashContext.Provider

/** The flash a form post left for this page, if it came from the form named. */
export function useFormFlash(form: FormActionName): FormFlash | undefined {
  const flash = useContext(FormFlashContext)
  return flash?.form === form ? flash : undefined
}

/** The flash a form post left for this page, whichever form sent it (the page's notice shows it). */
export const usePageFlash = () => useContext(FormFlashContext)
