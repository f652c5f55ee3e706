import { afterEach, beforeEach, vi } from 'vitest'

// An unexpected console.error is a bug the test did not look for: fail the test that caused it.
let errors: unknown[][] = []
let spy: ReturnType<typeof vi.spyOn> | undefined

beforeEach(() => {
  errors = []
  spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    errors.push(args)
  })
})

afterEach(() => {
  spy?.mockRestore()
  if (errors.length > 0) {
    throw new Error(`console.error was called:\n${errors.map((args) => args.map(String).join(' ')).join('\n')}`)
  }
})
