import { configDefaults, defineConfig } from 'vitest/config'

const shared = { resolve: { tsconfigPaths: true } }

/**
 * The server tests run on SQLite in the `server` project and again on PostgreSQL in
 * `server-postgres` (setUpShopOnEitherEngine, tests/support/shop-rows.ts), but for these, which
 * are about SQLite or not yet written for either engine.
 */
const sqliteOnlyServerTests = [
  // SQLite's query plans (EXPLAIN QUERY PLAN) for each listing shape.
  'tests/server/listing-query-plans.test.ts',
]

const postgresGlobalSetup = ['tests/support/postgres-global-setup.ts']

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
          globalSetup: postgresGlobalSetup,
          setupFiles: ['tests/support/fail-on-console-error.ts'],
        },
      },
      {
        ...shared,
        test: {
          name: 'server-postgres',
          environment: 'node',
          include: ['tests/server/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...sqliteOnlyServerTests],
          env: { CARTWHEEL_TEST_ENGINE: 'postgres' },
          globalSetup: postgresGlobalSetup,
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
