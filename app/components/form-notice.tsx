import { usePageFlash } from '~/lib/form-flash'

/**
 * The message a form post left for this page (post/redirect/get, without JavaScript or before
 * hydration): what was done, or why not. Rendered as text; the next page no longer has it.
 */
export function FormNotice() {
  const flash = usePageFlash()
  if (!flash) return null
  const error = flash.tone === 'error'
  return (
    <p
      role={error ? 'alert' : 'status'}
      className={`mb-6 rounded-md border p-3 text-sm ${error ? 'border-red-200 bg-red-50 text-red-900' : 'border-emerald-200 bg-emerald-50 text-emerald-900'}`}
    >
      {flash.message}
    </p>
  )
}
