import { formFlashSchema, type FormFlash } from '~/lib/form-flash'
import { readCookie, serializeCookie } from './cookies'

/**
 * The flash cookie: what a form post tells the page it redirects to. httpOnly and SameSite=Lax
 * like every cookie of the shop, so neither a script nor another site can write it; a minute
 * long, and cleared by the page that shows it (app/server.ts), so a reload shows it no more.
 */
export const FLASH_COOKIE = 'cartwheel_flash'
const FLASH_SECONDS = 60

// A cookie holds about 4 KB: a field longer than any the forms accept is not handed back.
const MAX_FIELD_CHARS = 300
const MAX_COOKIE_CHARS = 3_000

export function formFlashCookie(request: Request, flash: FormFlash) {
  const fields = flash.fields && Object.fromEntries(Object.entries(flash.fields).filter(([, value]) => value.length <= MAX_FIELD_CHARS))
  const full = JSON.stringify({ ...flash, fields })
  // Past the limit the message alone is kept: the page still says what happened.
  const value = encodeURIComponent(full).length <= MAX_COOKIE_CHARS ? full : JSON.stringify({ form: flash.form, tone: flash.tone, message: flash.message.slice(0, 500) })
  return serializeCookie(request, FLASH_COOKIE, value, { maxAgeSeconds: FLASH_SECONDS })
}

export const clearFormFlashCookie = (request: Request) => serializeCookie(request, FLASH_COOKIE, '', { maxAgeSeconds: 0 })

/** The flash this request carries, if any; a cookie that does not read as one is ignored. */
export function readFormFlash(request: Request): FormFlash | undefined {
  const text = readCookie(request, FLASH_COOKIE)
  if (!text) return undefined
  try {
    return formFlashSchema.safeParse(JSON.parse(text)).data
  } catch {
    return undefined
  }
}
