import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ESLint } from 'eslint'
import { beforeAll, describe, expect, it } from 'vitest'

// Each case lints a small file placed (virtually) in the tree with the project's own config, so
// what is checked is the rule as configured, not the rule in isolation.
const root = fileURLToPath(new URL('../..', import.meta.url))
const eslint = new ESLint({ cwd: root, overrideConfigFile: path.join(root, 'eslint.config.js'), ignore: false })

type Report = { ruleId: string | null; message: string; line: number }

async function lint(filePath: string, code: string): Promise<Report[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) })
  return (result?.messages ?? []).map(({ ruleId, message, line }) => ({ ruleId, message, line }))
}

// Loading the config and its plugins, and parsing the import graph the cycle check walks, take
// seconds: done once here (from the entries, which reach every module), not inside the first case.
beforeAll(() => lint('app/probe.ts', "import '~/router'\nimport '~/server'\nimport '#db/seed'\n"), 120_000)

const reportOf = (ruleId: string, message: string | RegExp) => expect.objectContaining({ ruleId, message: expect.stringMatching(message) })

describe('boundaries', () => {
  it('refuses a feature importing another feature', async () => {
    const reports = await lint('app/features/catalog/probe.ts', "import { cartKeys } from '~/features/cart/cart.queries'\n\nexport const keys = cartKeys\n")
    expect(reports).toEqual([reportOf('import-x/no-restricted-paths', 'A feature never imports another feature')])
  })

  it('refuses a feature importing another feature by a relative path', async () => {
    const reports = await lint('app/features/catalog/probe.ts', "import { emptyCart } from '../cart/cart.schemas'\n\nexport const cart = emptyCart\n")
    expect(reports).toEqual([reportOf('import-x/no-restricted-paths', 'A feature never imports another feature')])
  })

  it('refuses a feature importing the query layer', async () => {
    const reports = await lint('app/features/cart/probe.ts', "import { createQueryClient } from '~/query/query-client'\n\nexport const client = createQueryClient()\n")
    expect(reports).toEqual([reportOf('import-x/no-restricted-paths', 'A feature never imports the app layer')])
  })

  it('lets a feature’s own test build its QueryClient with the app’s factory', async () => {
    const code = "import { createQueryClient } from '~/query/query-client'\n\nexport const client = createQueryClient()\n"
    expect(await lint('app/features/cart/probe.test.ts', code)).toEqual([])
  })

  it('refuses a feature’s test importing anything else of the query layer', async () => {
    const code = "import { cascadeAfterCheckout } from '~/query/cascade'\n\nexport const cascade = cascadeAfterCheckout\n"
    expect(await lint('app/features/cart/probe.test.ts', code)).toEqual([reportOf('import-x/no-restricted-paths', 'A feature never imports the app layer')])
  })

  it('refuses shared code importing a feature', async () => {
    const reports = await lint('app/lib/probe.ts', "import { emptyCart } from '~/features/cart/cart.schemas'\n\nexport const cart = emptyCart\n")
    expect(reports).toEqual([reportOf('import-x/no-restricted-paths', /^Unexpected path .* Shared code/)])
  })

  it('refuses db/ importing app/', async () => {
    const reports = await lint('db/probe.ts', "import { formatMoney } from '../app/lib/money'\n\nexport const price = formatMoney(100)\n")
    expect(reports).toEqual([reportOf('import-x/no-restricted-paths', 'db/ never imports app/')])
  })

  it('lets a feature import its own files and shared code', async () => {
    const code = "import { formatMoney } from '~/lib/money'\nimport { emptyCart } from './cart.schemas'\n\nexport const subtotal = formatMoney(emptyCart.subtotalCents)\n"
    expect(await lint('app/features/cart/probe.ts', code)).toEqual([])
  })

  it('lets the app layer compose features', async () => {
    const code = "import { cartQueries } from '~/features/cart/cart.queries'\nimport { catalogQueries } from '~/features/catalog/catalog.queries'\n\nexport const queries = [cartQueries.detail(), catalogQueries.categories()]\n"
    expect(await lint('app/layout/probe.ts', code)).toEqual([])
  })
})

describe('import cycles', () => {
  it('refuses two files importing each other', async () => {
    const [result] = await eslint.lintFiles([path.join(root, 'tests/lint/fixtures/cycle/left.ts')])
    expect(result?.messages.map(({ ruleId }) => ruleId)).toEqual(['import-x/no-cycle'])
  })
})

describe('the key rule', () => {
  const literalKey = /^A literal key outside a key factory/

  it('refuses a literal queryKey in a component file', async () => {
    const code = "import { useQuery } from '@tanstack/react-query'\n\nexport function useProbe() {\n  return useQuery({ queryKey: ['cart', 'detail'], queryFn: () => 1 })\n}\n"
    expect(await lint('app/features/cart/components/probe.tsx', code)).toEqual([reportOf('cartwheel/no-literal-query-key', literalKey)])
  })

  it('refuses a literal mutationKey', async () => {
    const code = "import { useMutation } from '@tanstack/react-query'\n\nexport function useProbe() {\n  return useMutation({ mutationKey: ['cart', 'add-line'], mutationFn: async () => 1 })\n}\n"
    expect(await lint('app/features/cart/use-probe.ts', code)).toEqual([reportOf('cartwheel/no-literal-query-key', literalKey)])
  })

  it('refuses a literal key in filters and in the key argument of a QueryClient method', async () => {
    const code = "import type { QueryClient } from '@tanstack/react-query'\n\nexport function probe(client: QueryClient) {\n  void client.invalidateQueries({ queryKey: ['catalog'] })\n  return client.getQueryData(['cart', 'detail'])\n}\n"
    expect(await lint('app/query/probe.ts', code)).toEqual([reportOf('cartwheel/no-literal-query-key', literalKey), reportOf('cartwheel/no-literal-query-key', literalKey)])
  })

  it('refuses reading a key by position', async () => {
    const code = "import type { Mutation, Query } from '@tanstack/react-query'\n\nexport const isAdd = (mutation: Mutation) => mutation.options.mutationKey?.[1] === 'add-line'\nexport const isCart = ({ queryKey }: Query) => queryKey[0] === 'cart'\n"
    expect(await lint('app/layout/probe.ts', code)).toEqual([
      reportOf('cartwheel/no-literal-query-key', /^Reads `mutationKey` by position/),
      reportOf('cartwheel/no-literal-query-key', /^Reads `queryKey` by position/),
    ])
  })

  it('refuses key roots spelled as strings in a Set', async () => {
    const reports = await lint('app/query/probe.ts', "export const persisted = new Set(['catalog', 'stock', 'cart'])\n")
    expect(reports).toEqual(['catalog', 'stock', 'cart'].map((keyRoot) => reportOf('cartwheel/no-literal-query-key', `^'${keyRoot}' is a query key root`)))
  })

  it('knows the root of every key factory', async () => {
    const factories = Object.values(import.meta.glob<Record<string, unknown>>(['/app/features/**/*.queries.ts', '/app/live/*.queries.ts'], { eager: true })).flatMap(Object.values)
    const keyRoots = [...new Set(factories.flatMap((factory) => (Array.isArray((factory as { all?: unknown }).all) ? [(factory as { all: string[] }).all[0]] : [])))]
    expect(keyRoots.length).toBeGreaterThan(0)
    const reports = await lint('app/query/probe.ts', `export const roots = new Set(${JSON.stringify(keyRoots)})\n`)
    expect(reports).toHaveLength(keyRoots.length)
  })

  it('lets a key factory spell its keys', async () => {
    const code =
      "import { queryOptions } from '@tanstack/react-query'\n\nexport const probeKeys = { all: ['cart', 'probe'] as const }\n\nexport const probeQuery = () => queryOptions({ queryKey: [...probeKeys.all, 'detail'], queryFn: () => 1 })\n"
    expect(await lint('app/features/cart/probe.queries.ts', code)).toEqual([])
  })

  it("lets a component use the factory's keys", async () => {
    const code =
      "import { useQuery, useQueryClient } from '@tanstack/react-query'\nimport { cartKeys, cartQueries } from '../cart.queries'\n\nexport function useProbe() {\n  const client = useQueryClient()\n  return [useQuery(cartQueries.detail()), client.isFetching({ queryKey: cartKeys.all })]\n}\n"
    expect(await lint('app/features/cart/components/probe.tsx', code)).toEqual([])
  })

  it("lets a test build throwaway keys under 'test', never a feature's key", async () => {
    const code = "export const throwaway = { queryKey: ['test', 'retry'], queryFn: () => 1 }\nexport const cart = { queryKey: ['cart', 'detail'], queryFn: () => 1 }\n"
    expect(await lint('app/lib/probe.test.ts', code)).toEqual([{ ruleId: 'cartwheel/no-literal-query-key', message: expect.stringMatching(literalKey), line: 2 }])
  })
})
