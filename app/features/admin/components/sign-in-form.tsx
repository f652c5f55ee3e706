import { useId, useState } from 'react'
import { isApiError } from '~/lib/api-error'
import { formActions } from '~/lib/form-actions'
import { useFormFlash } from '~/lib/form-flash'
import { useSignInMutation } from '../admin.mutations'
import { signInInputSchema } from '../admin.schemas'

function describeFailure(error: unknown) {
  if (isApiError(error, 429)) {
    const seconds = Math.ceil((error.retryAfterMs ?? 60_000) / 1000)
    return `Too many failed sign-ins. Try again in ${seconds} seconds.`
  }
  return error instanceof Error ? error.message : 'Signing in failed'
}

/**
 * Signs in with the mutation once hydrated. Before that (or without JavaScript) the browser posts
 * the form itself, never with GET: the password stays out of the URL. `redirect` is the console
 * page to open next, posted along.
 */
export function SignInForm({ onSignedIn, redirect }: { onSignedIn: () => void; redirect?: string }) {
  const id = useId()
  const signIn = useSignInMutation()
  // A refused post comes back with the email as typed and the message per field.
  const flash = useFormFlash('adminSignIn')
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<'email' | 'password', string>>>(flash?.fieldErrors ?? {})
  return (
    <form
      method="post"
      action={formActions.adminSignIn}
      noValidate
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault()
        if (signIn.isPending) return
        const form = new FormData(event.currentTarget)
        const parsed = signInInputSchema.safeParse({ email: String(form.get('email') ?? '').trim(), password: String(form.get('password') ?? '') })
        if (!parsed.success) {
          setFieldErrors(Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message])))
          return
        }
        setFieldErrors({})
        signIn.mutate(parsed.data, { onSuccess: onSignedIn })
      }}
    >
      {redirect ? <input type="hidden" name="redirect" value={redirect} /> : null}
      <div>
        <label htmlFor={`${id}-email`} className="block text-sm font-medium">
          Email
        </label>
        <input
          id={`${id}-email`}
          name="email"
          type="email"
          autoComplete="username"
          defaultValue={flash?.fields?.email}
          aria-invalid={fieldErrors.email ? true : undefined}
          aria-describedby={fieldErrors.email ? `${id}-email-error` : undefined}
          className="mt-1 block w-full rounded border border-stone-300 px-3 py-2"
        />
        {fieldErrors.email ? (
          <p id={`${id}-email-error`} className="mt-1 text-sm text-red-800">
            {fieldErrors.email}
          </p>
        ) : null}
      </div>
      <div>
        <label htmlFor={`${id}-password`} className="block text-sm font-medium">
          Password
        </label>
        <input
          id={`${id}-password`}
          name="password"
          type="password"
          autoComplete="current-password"
          aria-invalid={fieldErrors.password ? true : undefined}
          aria-describedby={fieldErrors.password ? `${id}-password-error` : undefined}
          className="mt-1 block w-full rounded border border-stone-300 px-3 py-2"
        />
        {fieldErrors.password ? (
          <p id={`${id}-password-error`} className="mt-1 text-sm text-red-800">
            {fieldErrors.password}
          </p>
        ) : null}
      </div>
      {signIn.isError ? (
        <p role="alert" className="text-sm text-red-800">
          {describeFailure(signIn.error)}
        </p>
      ) : null}
      <button type="submit" aria-busy={signIn.isPending} className="w-full rounded bg-stone-900 px-4 py-2 text-white">
        {signIn.isPending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  )
}
