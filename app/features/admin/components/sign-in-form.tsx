import { useId, useState } from 'react'
import { isApiError } from '~/lib/api-error'
import { useSignInMutation } from '../admin.mutations'
import { signInInputSchema } from '../admin.schemas'

function describeFailure(error: unknown) {
  if (isApiError(error, 429)) {
    const seconds = Math.ceil((error.retryAfterMs ?? 60_000) / 1000)
    return `Too many failed sign-ins. Try again in ${seconds} seconds.`
  }
  return error instanceof Error ? error.message : 'Signing in failed'
}

export function SignInForm({ onSignedIn }: { onSignedIn: () => void }) {
  const id = useId()
  const signIn = useSignInMutation()
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<'email' | 'password', string>>>({})
  return (
    <form
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
      <div>
        <label htmlFor={`${id}-email`} className="block text-sm font-medium">
          Email
        </label>
        <input
          id={`${id}-email`}
          name="email"
          type="email"
          autoComplete="username"
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
