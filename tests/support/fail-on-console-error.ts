import { afterEach, beforeEach, vi } from 'vitest'

// An unexpected console.error is a bug the test did not look for: fail the test that caused it.
let errors: unknown[][] = []
let allowed: RegExp[] = []
let spy: ReturnType<typeof vi.spyOn> | undefined

/** Lets the current test expect console errors matching `pattern` (React logs errors its boundaries catch). */
export function allowConsoleErrors(pattern: RegExp) {
  allowed.push(pattern)
}

beforeEach(() => {
  errors = []
  allowed = []
  spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    errors.push(args)
  })
})

afterEach(() => {
  spy?.mockRestore()
  const unexpected = errors.map((args) => args.map(String).join(' ')).filter((text) => !allowed.some((pattern) => pattern.test(text)))
  if (unexpected.length > 0) {
    throw new Error(`console.error was called:\n${unexpected.join('\n')}`)
  }
})
