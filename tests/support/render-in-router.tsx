import { QueryClientProvider, type QueryClient } from '@tanstack/react-query'
import { createMemoryHistory, createRootRoute, createRouter, RouterProvider } from '@tanstack/react-router'
import { render } from '@testing-library/react'
import type { ReactNode } from 'react'
import { NoticeRegion } from '~/components/notice-region'

type Provider = (props: { client: QueryClient; children: ReactNode }) => ReactNode

/**
 * Renders components that link (and so need a router) with the page's notice region beside them,
 * under a plain QueryClientProvider or the one given (the app's persisting provider).
 */
export function renderInRouter(client: QueryClient, ui: ReactNode, { Provider = QueryClientProvider as Provider } = {}) {
  const rootRoute = createRootRoute({
    component: () => (
      <>
        {ui}
        <NoticeRegion />
      </>
    ),
  })
  const router = createRouter({ routeTree: rootRoute, history: createMemoryHistory() })
  return render(
    <Provider client={client}>
      <RouterProvider router={router} />
    </Provider>,
  )
}
