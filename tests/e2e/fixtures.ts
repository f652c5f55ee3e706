import { test as base, expect } from '@playwright/test'

/**
 * Every e2e test fails on an uncaught page error or a console error (a hydration mismatch among
 * them). Failed resource loads are left out: tests that expect a 404 assert its status directly.
 * It also fails on any Content-Security-Policy violation, in any document the test opened: a
 * script, style or frame the policy blocked is a page that does not work as shipped.
 */
export const test = base.extend<{ failOnPageErrors: void }>({
  failOnPageErrors: [
    async ({ page }, use) => {
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
      await use()
      expect(errors).toEqual([])
    },
    { auto: true },
  ],
})

export { expect }
