import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import js from '@eslint/js'
import pluginQuery from '@tanstack/eslint-plugin-query'
import pluginRouter from '@tanstack/eslint-plugin-router'
import { createNodeResolver, importX } from 'eslint-plugin-import-x'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'
import noLiteralQueryKey from './eslint/rules/no-literal-query-key.js'

const root = fileURLToPath(new URL('.', import.meta.url))

/** The app layer: it composes the features, so none of them may reach back into it. */
const appLayer = ['app/query', 'app/pages', 'app/layout', 'app/routes', 'app/routeTree.gen.ts', 'app/router.tsx', 'app/server.ts', 'app/start.ts', 'app/client.tsx']

const features = readdirSync(new URL('app/features', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)

/** The roots of the key factories' keys (`cartKeys.all` is `['cart']`); tests/lint/boundaries.test.ts checks them against the factories. */
const keyRoots = ['admin', 'cart', 'catalog', 'live', 'orders', 'stock']

const boundaries = [
  ...features.map((feature) => ({
    target: `app/features/${feature}`,
    from: 'app/features',
    except: [`./${feature}`],
    message: 'A feature never imports another feature: share through app/lib or app/components, or compose both in the app layer.',
  })),
  {
    target: 'app/features',
    from: appLayer,
    message: 'A feature never imports the app layer (query layer, pages, layout, routes, entries): it declares what changed, the app layer reacts.',
  },
  {
    target: 'app/live',
    from: appLayer,
    message: 'The live event contract (app/live) sits beside the features: the query layer reads it, never the other way.',
  },
  {
    target: ['app/lib', 'app/components'],
    from: ['app/features', 'app/live', ...appLayer],
    message: 'Shared code (app/lib, app/components) never imports a feature or the app layer: pass what it needs in.',
  },
  {
    target: 'db',
    from: 'app',
    message: 'db/ never imports app/: the schema, migrations and connection stand alone (scripts and the server import them).',
  },
]

/**
 * For tests that sit next to their code (in a feature, in app/components or app/lib): the same
 * zones, except that a test may build its QueryClient with the one factory the app uses.
 */
const testBoundaries = boundaries.flatMap((zone) => {
  const from = [zone.from].flat()
  if (!from.includes('app/query')) return [zone]
  return [
    { ...zone, from: from.filter((path) => path !== 'app/query') },
    { ...zone, from: 'app/query', except: ['./query-client.ts'] },
  ]
})

const cartwheel = { rules: { 'no-literal-query-key': noLiteralQueryKey } }

export default tseslint.config(
  { ignores: ['node_modules', 'dist', '.output', 'app/routeTree.gen.ts', 'test-results', 'playwright-report', 'data', 'tests/lint/fixtures'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginQuery.configs['flat/recommended'],
  ...pluginRouter.configs['flat/recommended'],
  reactHooks.configs.flat.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': ['error', { allow: ['error', 'warn', 'log'] }],
    },
  },
  // The server's services are async on both engines (db/work.ts): a service call left without
  // `await` would answer before its write, or let a refusal (429, 409) go unheard. Type-aware, on
  // the server's code only.
  {
    files: ['app/server.ts', 'app/http/**/*.ts', 'app/live/**/*.ts', 'app/features/**/*.{server,api,forms}.ts', 'app/routes/**/*.ts', 'db/**/*.ts', 'scripts/serve.ts', 'scripts/serve/**/*.ts'],
    ignores: ['**/*.test.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: root } },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  // Boundaries and cycles. Imports resolve as TypeScript and Vite do: `~/` through tsconfig.json,
  // `#db/*` through package.json "imports".
  {
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
          tsconfig: { configFile: `${root}tsconfig.json` },
        }),
      ],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: root, zones: boundaries }],
      // Type-only imports are never followed (the plugin ignores them): they vanish at build time.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  // The key rule: keys come from the key factories.
  {
    files: ['**/*.{ts,tsx}'],
    ignores: ['app/features/**/*.queries.ts', 'app/features/**/*.mutations.ts', 'app/live/*.queries.ts'],
    plugins: { cartwheel },
    rules: { 'cartwheel/no-literal-query-key': ['error', { roots: keyRoots }] },
  },
  {
    // Tests may build throwaway keys under the 'test' root for queries that belong to no feature;
    // a feature's key in a test still comes from its factory.
    files: ['**/*.test.{ts,tsx}', 'tests/**'],
    plugins: { cartwheel },
    rules: {
      'cartwheel/no-literal-query-key': ['error', { roots: keyRoots, throwawayRoots: ['test'] }],
      'import-x/no-restricted-paths': ['error', { basePath: root, zones: testBoundaries }],
    },
  },
)
