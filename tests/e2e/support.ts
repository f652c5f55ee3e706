import type { Page, Request } from '@playwright/test'

/** Records every /api request the page makes from now on. */
export function recordApiRequests(page: Page) {
  const requests: string[] = []
  const listener = (request: Request) => {
    const url = new URL(request.url())
    if (url.pathname.startsWith('/api/')) requests.push(`${request.method()} ${url.pathname}${url.search}`)
  }
  page.on('request', listener)
  return {
    requests,
    stop: () => page.off('request', listener),
  }
}

/** Resolves once React has hydrated the document (the root layout marks it). */
export async function waitForHydration(page: Page) {
  await page.locator('html[data-hydrated="true"]').waitFor({ state: 'attached' })
  await page.waitForLoadState('networkidle')
}
