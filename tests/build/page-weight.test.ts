import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kB, readBudget } from '../../scripts/page-weight/budget'
import { buildInto, measureFirstLoads, type FirstLoad } from '../../scripts/page-weight/first-load'

// Builds the app once (into a folder of its own, so dist/ is left alone) and weighs each page's
// first load from the build's manifest, as `npm run bench -- page-weight` does.
const budget = readBudget()
const routes = Object.entries(budget.routes)
let outDir = ''
let weights = new Map<string, FirstLoad>()

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'cartwheel-page-weight-'))
  buildInto(outDir)
  const measured = await measureFirstLoads(outDir, Object.keys(budget.routes))
  weights = new Map(measured.map((weight) => [weight.route, weight]))
}, 180_000)

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true })
})

const weightOf = (route: string) => {
  const weight = weights.get(route)
  if (!weight) throw new Error(`${route} was not measured`)
  return weight
}

describe('page weight (performance-budget.json)', () => {
  it.each(routes)('%s ships no more JavaScript than its budget', (route, { page, js }) => {
    const { js: shipped } = weightOf(route)
    expect(shipped, `${page} ships ${kB(shipped)} of JS (gzip), over its budget of ${kB(js)}`).toBeLessThanOrEqual(js)
  })

  it.each(routes)('%s ships no more CSS than its budget', (route, { page, css }) => {
    const { css: shipped } = weightOf(route)
    expect(shipped, `${page} ships ${kB(shipped)} of CSS (gzip), over its budget of ${kB(css)}`).toBeLessThanOrEqual(css)
  })
})
