import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll } from 'vitest'

/**
 * The browser's network in hook tests: every request must be answered by a handler the test set.
 * (msw 3 names v2's `onUnhandledRequest` option `onUnhandledFrame`.)
 */
export const server = setupServer()

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())
