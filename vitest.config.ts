import { configDefaults, defineConfig } from 'vitest/config'

const shared = { resolve: { tsconfigPaths: true } }

export default defineConfig({
  test: {
    projects: [
      {
        ...shared,
        test: {
          name: 'server',
          environment: 'node',
          include: ['tests/server/**/*.test.ts', 'tests/docs/**/*.test.ts', 'tests/lint/**/*.test.ts', 'tests/build/**/*.test.ts', 'app/**/*.server.test.ts', 'app/http/**/*.test.ts', 'app/live/event-*.test.ts', 'db/**/*.test.ts', '*.test.ts'],
          exclude: [...configDefaults.exclude, '**/*.postgres.test.ts'],
          setupFiles: ['tests/support/fail-on-console-error.ts'],
        },
      },
      {
        ...shared,
        test: {
          // The server's tests that need PostgreSQL: one throwaway server for the run, a database per file.
          name: 'postgres',
          environment: 'node',
          include: ['**/*.postgres.test.ts'],
          globalSetup: ['tests/support/postgres-global-setup.ts'],
          setupFiles: ['tests/support/fail-on-console-error.ts'],
        },
      },
      {
        ...shared,
        test: {
          name: 'browser',
          environment: 'jsdom',
          environmentOptions: { jsdom: { url: 'http://localhost:3000/' } },
          include: ['app/**/*.test.{ts,tsx}', 'tests/hooks/**/*.test.{ts,tsx}'],
          exclude: [...configDefaults.exclude, 'app/**/*.server.test.ts', 'app/http/**', 'app/live/event-*.test.ts', '**/*.postgres.test.ts'],
          setupFiles: ['tests/support/fail-on-console-error.ts', 'tests/support/dom.ts'],
        },
      },
    ],
  },
})
