// better-sqlite3 ships N-API prebuilds, and its own install script (a full compile) is denied in
// allowScripts. This checks that the addon loads on the Node 22 the project brings (npm scripts run
// on it) and compiles it against that Node's headers only when no prebuild fits this platform. See docs/decisions/0001-node-22-bootstrap.md.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const root = join(dirname(new URL(import.meta.url).pathname), '..')
const addonDir = join(root, 'node_modules', 'better-sqlite3')

function addonLoads() {
  const probe = `require(${JSON.stringify(addonDir)})(':memory:').close()`
  return spawnSync(process.execPath, ['-e', probe], { stdio: 'ignore' }).status === 0
}

function findNodeHeaders() {
  const candidates = [join(root, 'node_modules', 'node', 'node_modules'), join(root, 'node_modules')]
  for (const folder of candidates) {
    if (!existsSync(folder)) continue
    for (const name of readdirSync(folder)) {
      if (!name.startsWith('node-')) continue
      const dir = join(folder, name)
      if (existsSync(join(dir, 'include', 'node', 'node.h'))) return dir
    }
  }
  return null
}

function findNodeGyp() {
  if (process.env.npm_config_node_gyp && existsSync(process.env.npm_config_node_gyp)) {
    return process.env.npm_config_node_gyp
  }
  const npmCli = process.env.npm_execpath
  if (npmCli) {
    const bundled = join(dirname(npmCli), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')
    if (existsSync(bundled)) return bundled
  }
  try {
    return createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js')
  } catch {
    return null
  }
}

if (!existsSync(addonDir)) process.exit(0)
if (addonLoads()) {
  console.log(`better-sqlite3 already loads on Node ${process.version}`)
  process.exit(0)
}

const nodeDir = findNodeHeaders()
const nodeGyp = findNodeGyp()
if (!nodeGyp) {
  console.error('Cannot find node-gyp (it ships with npm). Run this through `npm install`.')
  process.exit(1)
}
const args = [nodeGyp, 'rebuild', '--release']
if (nodeDir) args.push(`--nodedir=${nodeDir}`)

console.log(`Building better-sqlite3 for Node ${process.version}${nodeDir ? ` with headers from ${nodeDir}` : ''}`)
const build = spawnSync(process.execPath, args, { cwd: addonDir, stdio: 'inherit' })
if (build.status !== 0 || !addonLoads()) {
  console.error('better-sqlite3 did not build for this Node. python3, make and g++ are needed.')
  process.exit(1)
}
