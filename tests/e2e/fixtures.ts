import { test as base, expect, type BrowserContext, type Page } from '@playwright/test'

/**
 * Collects what fails a test in `page`, as it happens: an uncaught page error or a console error
 * (a hydration mismatch among them), and any Content-Security-Policy violation in any document the
 * page opens. Failed resource loads are left out: tests that expect a 404 assert its status directly.
 */
export async function watchForPageErrors(page: Page) {
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(`console: ${message.text()}`)
  })
  // Reported to the test as they happen, so a violation on a page the test has left still counts.
  await page.exposeFunction('reportCspViolation', (violation: string) => errors.push(`csp: ${violation}`))
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { reportCspViolation: (violation: string) => Promise<void> }).reportCspViolation
      void report(`${event.effectiveDirective} blocked ${event.blockedURI || 'an inline script or style'} in ${event.documentURI}`)
    })
  })
  return errors
}

/**
 * Every e2e test fails on an error in its page (see watchForPageErrors): a script, style or frame
 * the policy blocked is a page that does not work as shipped. `openPage` opens more pages (tabs of
 * the test's browser, or of another context) that fail the test the same way.
 */
export const test = base.extend<{ failOnPageErrors: void; openPage: (context?: BrowserContext) => Promise<Page> }>({
  failOnPageErrors: [
    async ({ page }, use) => {
      const errors = await watchForPageErrors(page)
      await use()
      expect(errors).toEqual([])
    },
    { auto: true },
  ],
  openPage: async ({ context }, provide) => {
    const errors: string[][] = []
    await provide(async (inContext = context) => {
      const page = await inContext.newPage()
      errors.push(await watchForPageErrors(page))
      return page
    })
    expect(errors.flat()).toEqual([])
  },
})

export { expect }
