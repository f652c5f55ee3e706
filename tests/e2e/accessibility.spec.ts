import { test } from './fixtures'
import { expectNoAxeViolations, pageStates } from './accessibility'

// Every page, in each state the table names, has no WCAG 2 A/AA violation axe can find. A new
// page is a new line in `pageStates` (tests/e2e/accessibility.ts).
for (const state of pageStates) {
  test(`${state.name}: no WCAG 2 A/AA violations`, async ({ page, request }) => {
    await state.open(page, request)
    await expectNoAxeViolations(page)
  })
}
