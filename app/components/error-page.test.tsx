import { QueryClientProvider } from '@tanstack/react-query'
import { createMemoryHistory, createRootRoute, createRoute, createRouter, RouterProvider } from '@tanstack/react-router'
import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { ApiError, NetworkError } from '~/lib/api-error'
import { createQueryClient } from '~/query/query-client'
import { allowConsoleErrors } from '../../tests/support/fail-on-console-error'
import { ErrorPage } from './error-page'

function renderFailingPage(failures: Error[]) {
  // React reports every error a boundary catches; these are the ones the test throws on purpose.
  for (const failure of failures) allowConsoleErrors(new RegExp(failure.message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
  const rootRoute = createRootRoute()
  const pageRoute = createRoute({
    getParentRoute: () => rootRoute,
    path: '/',
    loader: () => {
      const failure = failures.shift()
      if (failure) throw failure
    },
    component: () => <h1>Desks</h1>,
    errorComponent: ErrorPage,
  })
  const router = createRouter({ routeTree: rootRoute.addChildren([pageRoute]), history: createMemoryHistory() })
  render(
    <QueryClientProvider client={createQueryClient()}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  )
}

describe('the error page', () => {
  it('says the server failed, and "Try again" loads the page once the server answers', async () => {
    renderFailingPage([new ApiError(503, 'INTERNAL_ERROR', 'Database is busy')])
    expect(await screen.findByRole('alert')).toHaveTextContent('Our server had a problem answering.')
    expect(screen.queryByText(/Database is busy/)).not.toBeInTheDocument()

    await userEvent.click(screen.getByRole('button', { name: 'Try again' }))
    expect(await screen.findByRole('heading', { name: 'Desks' })).toBeInTheDocument()
  })

  it('tells a shopper without a connection to check it', async () => {
    renderFailingPage([new NetworkError()])
    expect(await screen.findByRole('alert')).toHaveTextContent('We could not reach the shop. Check your connection.')
  })

  it('passes on what the API said about a request it refused', async () => {
    renderFailingPage([new ApiError(400, 'VALIDATION_ERROR', 'minPrice must not be above maxPrice')])
    expect(await screen.findByRole('alert')).toHaveTextContent('minPrice must not be above maxPrice')
  })
})
