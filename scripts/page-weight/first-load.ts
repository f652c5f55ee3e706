import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'

const root = fileURLToPath(new URL('../..', import.meta.url))

/** Builds the app as `npm run build` does, but into `outDir` (Start writes client/ and server/ under it). */
export function buildInto(outDir: string) {
  const vite = join(root, 'node_modules/vite/bin/vite.js')
  // Not the caller's NODE_ENV: under a test runner it is "test", and React would build for development.
  const env = { ...process.env, NODE_ENV: 'production' }
  const run = spawnSync(process.execPath, [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: root, env, encoding: 'utf8' })
  if (run.status !== 0) throw new Error(`vite build failed:\n${run.stdout}${run.stderr}`)
}

type AssetLink = string | { href: string }
type ManifestRoute = { children?: string[]; preloads?: AssetLink[]; css?: AssetLink[]; scripts?: Array<{ attrs?: { src?: string } }> }
type StartManifest = { routes: Record<string, ManifestRoute> }

const hrefOf = (link: AssetLink) => (typeof link === 'string' ? link : link.href)

/** Start's manifest, written into the server build: per route, the scripts, preloads and stylesheets its HTML lists. */
async function readStartManifest(outDir: string): Promise<StartManifest> {
  const folder = join(outDir, 'server/assets')
  const file = readdirSync(folder).find((name) => name.startsWith('_tanstack-start-manifest'))
  if (!file) throw new Error(`No Start manifest in ${folder}: is ${outDir} a build?`)
  const { tsrStartManifest } = (await import(pathToFileURL(join(folder, file)).href)) as { tsrStartManifest: () => StartManifest }
  return tsrStartManifest()
}

/** The route and the routes above it, root first: a page's HTML lists the assets of every route it matches. */
function matchedRoutes(manifest: StartManifest, routeId: string): string[] {
  const pathTo = (id: string): string[] | undefined => {
    if (id === routeId) return [id]
    for (const child of manifest.routes[id]?.children ?? []) {
      const below = pathTo(child)
      if (below) return [id, ...below]
    }
    return undefined
  }
  const found = pathTo('__root__')
  if (!found) throw new Error(`No route ${routeId} in the build's manifest`)
  return found
}

export type FirstLoad = { route: string; js: number; css: number; files: string[] }

/** A file's size gzip-compressed at the level the production server uses for assets (zlib's default). */
export const gzipBytes = (outDir: string, href: string) => gzipSync(readFileSync(join(outDir, 'client', href))).length

/**
 * What a first load of each route downloads, in gzip bytes: the JS its HTML preloads and runs, and
 * its stylesheets. A stylesheet linked by URL from a route's head() (the root's styles.css) is not
 * in the manifest; it is named in the route's JS, so that is where it is found.
 */
export async function measureFirstLoads(outDir: string, routeIds: string[]): Promise<FirstLoad[]> {
  const manifest = await readStartManifest(outDir)
  return routeIds.map((route) => {
    const matched = matchedRoutes(manifest, route).flatMap((id) => manifest.routes[id] ?? [])
    const scripts = new Set(matched.flatMap((entry) => [...(entry.preloads ?? []).map(hrefOf), ...(entry.scripts ?? []).flatMap((script) => script.attrs?.src ?? [])]))
    const sheets = new Set(matched.flatMap((entry) => (entry.css ?? []).map(hrefOf)))
    for (const script of scripts) {
      for (const [href] of readFileSync(join(outDir, 'client', script), 'utf8').matchAll(/\/assets\/[\w.-]+\.css/g)) sheets.add(href)
    }
    const total = (hrefs: Set<string>) => [...hrefs].reduce((sum, href) => sum + gzipBytes(outDir, href), 0)
    return { route, js: total(scripts), css: total(sheets), files: [...scripts, ...sheets] }
  })
}
