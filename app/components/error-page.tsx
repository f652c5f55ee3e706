import { useQueryErrorResetBoundary } from '@tanstack/react-query'
import { Link, useRouter, type ErrorComponentProps } from '@tanstack/react-router'
import { useEffect } from 'react'
import { isApiError, NetworkError } from '~/lib/api-error'

// Depends only on what survives the trip from a server loader to the browser (see
// api-error-serializer.ts), so the server's HTML and the hydrated page say the same thing.
function describe(error: unknown) {
  if (isApiError(error)) return error.status >= 500 ? 'Our server had a problem answering.' : error.message
  if (error instanceof NetworkError) return error.message
  return 'Something unexpected went wrong.'
}

/** The route error boundary: says what failed and offers to try again instead of a dead page. */
export function ErrorPage({ error, reset }: ErrorComponentProps) {
  const router = useRouter()
  const queryErrorReset = useQueryErrorResetBoundary()

  useEffect(() => {
    queryErrorReset.reset()
  }, [queryErrorReset])

  return (
    <section role="alert" className="mx-auto max-w-xl py-24 text-center">
      <h1 className="font-display text-3xl">This page didn't load</h1>
      <p className="mt-4 text-stone-600">{describe(error)}</p>
      <div className="mt-8 flex justify-center gap-4">
        <button
          type="button"
          className="rounded-md bg-ink px-4 py-2 text-white"
          onClick={() => {
            reset()
            void router.invalidate()
          }}
        >
          Try again
        </button>
        <Link to="/" className="rounded-md border border-stone-300 px-4 py-2">
          Go to the home page
        </Link>
      </div>
    </section>
  )
}
