import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from './production-server'

const probe = fileURLToPath(new URL('./react-build-probe.mjs', import.meta.url))

test('npm run serve renders with React’s production build, whatever NODE_ENV the shell had', async ({ production, request }) => {
  const log = join(production.directory, 'react-builds.log')
  // No NODE_ENV from outside: the script itself must say production.
  const server = await production.start({ viaNpm: true, env: { NODE_ENV: '', NODE_OPTIONS: `--import=${probe}`, REACT_BUILD_LOG: log } })
  const page = await request.get(`${server.url}/`)
  expect(page.status()).toBe(200)
  const loaded = readFileSync(log, 'utf8').trim().split('\n')
  expect(loaded).toContainEqual(expect.stringMatching(/\/react\/cjs\/react\.production\.js$/))
  expect(loaded.filter((file) => file.endsWith('.development.js'))).toEqual([])
})
