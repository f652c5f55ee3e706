import { useQueryClient } from '@tanstack/react-query'
import { useBlocker, useHydrated } from '@tanstack/react-router'
import { useRef, useState, type FormEvent, type ReactNode } from 'react'
import { IdempotencyKeyField } from '~/components/form-post-fields'
import { SoftDisabledButton } from '~/components/soft-disabled-button'
import { isApiError, NetworkError } from '~/lib/api-error'
import { formActions } from '~/lib/form-actions'
import { useFormFlash } from '~/lib/form-flash'
import { attemptEndedBy, attemptFor, type CheckoutAttempt } from '../checkout-attempt'
import type { PlaceOrderError, usePlaceOrderMutation } from '../checkout.mutations'
import { archivedLinesOf, shortLinesOf } from '../orders.schemas'
import { orderKeys } from '../orders.queries'
import { checkoutInputSchema, shippingCountries, type Order } from '../orders.schemas'

type FieldName = 'email' | 'name' | 'address.line1' | 'address.city' | 'address.postalCode' | 'address.country'
type FieldErrors = Partial<Record<FieldName, string>>

const textFields: Array<{ name: Exclude<FieldName, 'address.country'>; label: string; autoComplete: string; type?: string; inputMode?: 'email' }> = [
  { name: 'email', label: 'Email', autoComplete: 'email', type: 'email', inputMode: 'email' },
  { name: 'name', label: 'Full name', autoComplete: 'name' },
  { name: 'address.line1', label: 'Street address', autoComplete: 'address-line1' },
  { name: 'address.city', label: 'Town or city', autoComplete: 'address-level2' },
  { name: 'address.postalCode', label: 'Postal code', autoComplete: 'postal-code' },
]

const fieldOrder: FieldName[] = [...textFields.map((field) => field.name), 'address.country']

const submitClass =
  'w-full rounded-md bg-stone-900 px-4 py-3 font-medium text-white disabled:bg-stone-400 aria-disabled:cursor-not-allowed aria-disabled:bg-stone-400'

const fieldId = (name: FieldName) => `checkout-${name.replace('.', '-')}`

/** The form's values in the shape the schema reads; the schema trims and checks them. */
function readForm(form: HTMLFormElement) {
  const value = (name: FieldName) => String(new FormData(form).get(name) ?? '')
  return {
    email: value('email'),
    name: value('name'),
    address: { line1: value('address.line1'), city: value('address.city'), postalCode: value('address.postalCode'), country: value('address.country') },
  }
}

/** The first message per field, from zod's issues or from the API's `details` (the same paths). */
function toFieldErrors(issues: ReadonlyArray<{ path: string | PropertyKey[]; message: string }>): FieldErrors {
  const errors: FieldErrors = {}
  for (const issue of issues) {
    const path = (Array.isArray(issue.path) ? issue.path.map(String).join('.') : issue.path) as FieldName
    if (fieldOrder.includes(path)) errors[path] ??= issue.message
  }
  return errors
}

const serverIssues = (error: unknown) =>
  isApiError(error, 400) && error.code === 'VALIDATION_ERROR' && Array.isArray(error.details) ? (error.details as Array<{ path: string; message: string }>) : []

/** What went wrong, and what to do about it, for every way placing an order can fail. */
function describeFailure(error: PlaceOrderError) {
  if (shortLinesOf(error)) return { message: 'Some items ran short while you were shopping. Adjust them above, then place your order.' }
  const archived = archivedLinesOf(error)
  if (archived) {
    const names = archived.map((line) => line.name).join(', ')
    return { message: `No longer sold: ${names}. Remove ${archived.length === 1 ? 'it' : 'them'} above, then place your order: nothing was ordered.` }
  }
  if (error instanceof NetworkError) {
    return { message: "We couldn't reach the shop, so we can't tell yet whether your order went through. Press Place order again: it cannot order twice." }
  }
  if (isApiError(error)) {
    if (error.code === 'VALIDATION_ERROR') return { message: 'Please correct the highlighted details.' }
    if (error.code === 'IDEMPOTENCY_KEY_REUSED') return { message: 'Those details changed while an order was being placed. Press Place order again to send them.' }
    if (error.code === 'FORBIDDEN') return { message: 'This order must be placed from the shop’s own page. Reload the page and try again.' }
    if (error.code === 'CART_FULL') return { message: `${error.message.replace(/\.$/, '')}.` }
    if (error.code === 'RATE_LIMITED') {
      const seconds = Math.max(1, Math.ceil((error.retryAfterMs ?? 60_000) / 1000))
      return { message: `Too many orders from this connection just now. Try again in ${seconds} seconds: nothing was ordered.` }
    }
  }
  return { message: 'Something went wrong on our side. Press Place order again: it cannot order twice.' }
}

type Props = {
  placeOrder: ReturnType<typeof usePlaceOrderMutation>
  /** Why the order cannot be placed right now (the cart is saving, a line is short); the button says so. */
  blockedReason: string | undefined
  onPlaced: (order: Order) => void
}

/**
 * Contact and delivery details, checked by the same schema the API uses, field by field. One
 * attempt's Idempotency-Key is reused by every send of the same details (see checkout-attempt.ts).
 * Before hydration (or without JavaScript) the browser posts the form itself, with a key rendered
 * into it; a refusal comes back with the details as typed and the message per field.
 */
export function CheckoutForm({ placeOrder, blockedReason, onPlaced }: Props) {
  const hydrated = useHydrated()
  const flash = useFormFlash('checkout')
  const kept = flash?.fields ?? {}
  const [errors, setErrors] = useState<FieldErrors>(() => toFieldErrors(Object.entries(flash?.fieldErrors ?? {}).map(([path, message]) => ({ path, message }))))
  // After a refused post, as after a first try, every edit re-checks.
  const [submitted, setSubmitted] = useState(flash?.tone === 'error')
  const attempt = useRef<CheckoutAttempt | undefined>(undefined)
  const alert = useRef<HTMLDivElement>(null)
  const pending = placeOrder.isPending
  // Leaving mid-order would lose its answer (and the way to the confirmation): links wait until it
  // is in. Asked of the cache at navigation time, not of this render, which may predate the answer.
  const client = useQueryClient()
  const ordering = () => client.isMutating({ mutationKey: orderKeys.place() }) > 0
  useBlocker({ shouldBlockFn: ordering, enableBeforeUnload: ordering })

  function focusFirstInvalid(found: FieldErrors) {
    const first = fieldOrder.find((name) => found[name])
    if (first) document.getElementById(fieldId(first))?.focus()
  }

  function validate(form: HTMLFormElement) {
    const result = checkoutInputSchema.safeParse(readForm(form))
    const found = result.success ? {} : toFieldErrors(result.error.issues)
    setErrors(found)
    return { result, found }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    // A second press while the first is on its way waits for its answer: it would only replay it.
    if (pending || blockedReason) return
    setSubmitted(true)
    const { result, found } = validate(event.currentTarget)
    if (!result.success) return focusFirstInvalid(found)
    attempt.current = attemptFor(attempt.current, result.data)
    placeOrder.mutate(
      { input: result.data, idempotencyKey: attempt.current.idempotencyKey },
      {
        onSuccess: onPlaced,
        onError: (error) => {
          if (attemptEndedBy(error)) attempt.current = undefined
          const fromServer = toFieldErrors(serverIssues(error))
          if (Object.keys(fromServer).length > 0) {
            setErrors(fromServer)
            return focusFirstInvalid(fromServer)
          }
          alert.current?.focus()
        },
      },
    )
  }

  const failure = placeOrder.error ? describeFailure(placeOrder.error) : undefined

  return (
    <form
      method="post"
      action={formActions.checkout}
      noValidate
      aria-labelledby="checkout-heading"
      onSubmit={onSubmit}
      // After a first try, every edit re-checks, so a message goes away as soon as it is fixed.
      onChange={(event) => submitted && validate(event.currentTarget)}
      className="space-y-6"
    >
      <h2 id="checkout-heading" className="font-display text-xl">
        Contact and delivery
      </h2>
      <IdempotencyKeyField />
      <div className="grid gap-4 sm:grid-cols-2">
        {textFields.map((field) => (
          <Field key={field.name} name={field.name} label={field.label} error={errors[field.name]} wide={field.name !== 'address.city' && field.name !== 'address.postalCode'}>
            <input
              id={fieldId(field.name)}
              name={field.name}
              type={field.type ?? 'text'}
              inputMode={field.inputMode}
              autoComplete={field.autoComplete}
              defaultValue={kept[field.name]}
              required
              aria-invalid={errors[field.name] ? true : undefined}
              aria-describedby={errors[field.name] ? `${fieldId(field.name)}-error` : undefined}
              className="w-full rounded-md border border-stone-300 px-3 py-2 aria-invalid:border-red-700"
            />
          </Field>
        ))}
        <Field name="address.country" label="Country" error={errors['address.country']} wide>
          <select
            id={fieldId('address.country')}
            name="address.country"
            autoComplete="country"
            defaultValue={kept['address.country'] ?? 'US'}
            aria-invalid={errors['address.country'] ? true : undefined}
            aria-describedby={errors['address.country'] ? `${fieldId('address.country')}-error` : undefined}
            className="w-full rounded-md border border-stone-300 bg-white px-3 py-2"
          >
            {Object.entries(shippingCountries).map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        </Field>
      </div>

      <div ref={alert} tabIndex={-1} role="alert" className="outline-none">
        {failure && !pending ? (
          <p className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
            {failure.message}
          </p>
        ) : null}
      </div>

      <div className="space-y-2">
        {hydrated ? (
          <SoftDisabledButton
            type="submit"
            disabled={pending || blockedReason !== undefined}
            aria-describedby={blockedReason ? 'checkout-blocked' : undefined}
            className={submitClass}
          >
            {pending ? 'Placing your order…' : 'Place order'}
          </SoftDisabledButton>
        ) : (
          // Before hydration the browser posts the form itself (formActions.checkout).
          <button type="submit" disabled={blockedReason !== undefined} className={submitClass}>
            Place order
          </button>
        )}
        {blockedReason ? (
          <p id="checkout-blocked" className="text-sm text-stone-600">
            {blockedReason}
          </p>
        ) : pending ? (
          <p role="status" className="text-sm text-stone-600">
            Please stay on this page until your order is confirmed.
          </p>
        ) : null}
      </div>
    </form>
  )
}

function Field({ name, label, error, wide, children }: { name: FieldName; label: string; error: string | undefined; wide: boolean; children: ReactNode }) {
  return (
    <div className={wide ? 'sm:col-span-2' : undefined}>
      <label htmlFor={fieldId(name)} className="mb-1 block text-sm font-medium">
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${fieldId(name)}-error`} className="mt-1 text-sm text-red-800">
          {error}
        </p>
      ) : null}
    </div>
  )
}
