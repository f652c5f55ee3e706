// Lighthouse's performance score for the home page and a product page of the production build:
// mobile preset with simulated throttling (Lighthouse's defaults), in Debian's Chromium, `--runs`
// runs of each page interleaved, medians. Prints the score, the five metrics and the points each
// metric costs, the LCP element, and the audits that fail with what they would save.
// Usage: npm run bench -- lighthouse [--runs 3 --port 3163 --save-reports <folder>]
// Chromium's debugging port is --port + 1; --save-reports writes every run's report (JSON, for the
// Lighthouse viewer) into the folder.
// Needs a build (`npm run bench` builds first). Starts its own production server on a fresh database.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { launch } from 'chrome-launcher'
import lighthouse, { type Result } from 'lighthouse'
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './browser.ts'
import { startBenchServer, waitForServer } from './production-server.ts'
import { markdownTable, reportGoal, reportSection } from './report.ts'

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { runs: { type: 'string', default: '3' }, port: { type: 'string', default: '3163' }, 'save-reports': { type: 'string' } },
  allowPositionals: true,
})
const runs = Number(values.runs)
const port = Number(values.port)
const origin = `http://127.0.0.1:${port}`
const folder = mkdtempSync(join(tmpdir(), 'cartwheel-lighthouse-bench-'))
const goalScore = 95

/** The metrics of the performance score, with Lighthouse's audit ids and their unit. */
const metrics = [
  { id: 'first-contentful-paint', label: 'FCP', unit: 'ms' },
  { id: 'largest-contentful-paint', label: 'LCP', unit: 'ms' },
  { id: 'total-blocking-time', label: 'TBT', unit: 'ms' },
  { id: 'cumulative-layout-shift', label: 'CLS', unit: '' },
  { id: 'speed-index', label: 'Speed Index', unit: 'ms' },
] as const

const median = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}
const formatMetric = (value: number, unit: string) => (unit === 'ms' ? `${Math.round(value).toLocaleString('en')} ms` : value.toFixed(3))

const server = startBenchServer({ port, databasePath: join(folder, 'shop.db'), env: { SEED_PRODUCTS: '2000' } })
server.stderr.pipe(process.stderr)
let chrome: Awaited<ReturnType<typeof launch>> | undefined

/** What one Lighthouse run says about a page's performance. */
function summarize(lhr: Result) {
  const performance = lhr.categories.performance
  if (!performance || performance.score === null) throw new Error(`No performance score for ${lhr.finalDisplayedUrl}: ${lhr.runtimeError?.message ?? 'unknown error'}`)
  const weights = new Map(performance.auditRefs.map((ref) => [ref.id, ref.weight]))
  const metricRefs = new Set(performance.auditRefs.filter((ref) => ref.group === 'metrics').map((ref) => ref.id))
  const failing = performance.auditRefs
    .filter((ref) => !metricRefs.has(ref.id) && ref.group !== 'hidden')
    .map((ref) => lhr.audits[ref.id])
    .filter((audit) => audit !== undefined && audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode !== 'informative' && audit.scoreDisplayMode !== 'notApplicable')
    .map((audit) => ({
      title: audit!.title,
      value: audit!.displayValue ?? '',
      savings: Object.entries(audit!.metricSavings ?? {})
        .filter(([, saving]) => (saving ?? 0) > 0)
        .map(([metric, saving]) => `${metric} ${metric === 'CLS' ? (saving as number).toFixed(3) : `${Math.round(saving as number)} ms`}`)
        .join(', '),
    }))
  const lcpParts = lhr.audits['lcp-breakdown-insight']?.details as { items?: Array<{ type: string; snippet?: string; nodeLabel?: string }> } | undefined
  const lcpNode = lcpParts?.items?.find((item) => item.type === 'node')
  return {
    score: Math.round(performance.score * 100),
    // Lighthouse's own measure of how fast this machine's CPU ran during the run (higher is faster).
    benchmarkIndex: lhr.environment.benchmarkIndex,
    metrics: Object.fromEntries(metrics.map((metric) => [metric.id, lhr.audits[metric.id]?.numericValue ?? Number.NaN])) as Record<(typeof metrics)[number]['id'], number>,
    // A metric's share of the 100 points (its weight) times how far its own score falls short of 1.
    pointsLost: Object.fromEntries(metrics.map((metric) => [metric.id, (weights.get(metric.id) ?? 0) * (1 - (lhr.audits[metric.id]?.score ?? 0))])) as Record<(typeof metrics)[number]['id'], number>,
    lcpElement: lcpNode ? `${lcpNode.snippet ?? ''} ${lcpNode.nodeLabel ?? ''}`.trim() : 'none',
    failing,
  }
}
type Summary = ReturnType<typeof summarize>

try {
  await waitForServer(origin)
  const { items } = (await (await fetch(`${origin}/api/products?pageSize=1`)).json()) as { items: Array<{ slug: string }> }
  if (!items[0]) throw new Error('No product in the seeded shop')
  const pages = [
    { name: 'home', path: '/' },
    { name: 'product', path: `/products/${items[0].slug}` },
  ]
  chrome = await launch({
    chromePath: CHROMIUM_PATH,
    port: port + 1,
    chromeFlags: CHROMIUM_FLAGS,
  })
  // Warm the server (its first render of each route) so the first measured run is not the odd one out.
  for (const page of pages) await fetch(`${origin}${page.path}`)
  const results = new Map<string, Summary[]>(pages.map((page) => [page.name, []]))
  for (let run = 1; run <= runs; run++) {
    for (const page of pages) {
      const result = await lighthouse(`${origin}${page.path}`, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] })
      if (!result) throw new Error(`Lighthouse returned nothing for ${page.path}`)
      if (values['save-reports']) {
        mkdirSync(values['save-reports'], { recursive: true })
        writeFileSync(join(values['save-reports'], `${page.name}-${run}.json`), result.report as string)
      }
      const summary = summarize(result.lhr)
      results.get(page.name)!.push(summary)
      console.log(`run ${run}, ${page.name}: score ${summary.score}, CPU index ${Math.round(summary.benchmarkIndex)}, ${metrics.map((metric) => `${metric.label} ${formatMetric(summary.metrics[metric.id], metric.unit)}`).join(', ')}`)
    }
  }

  const rows = pages.map((page) => {
    const summaries = results.get(page.name)!
    return [
      `${page.name} (\`${page.path.replace(items[0]!.slug, '{product}')}\`)`,
      `${median(summaries.map((summary) => summary.score))} (${summaries.map((summary) => summary.score).join(', ')})`,
      ...metrics.map((metric) => formatMetric(median(summaries.map((summary) => summary.metrics[metric.id])), metric.unit)),
    ]
  })
  const table = markdownTable(['page', 'score, median (runs)', ...metrics.map((metric) => metric.label)], rows)
  const lostRows = pages.map((page) => {
    const summaries = results.get(page.name)!
    return [page.name, ...metrics.map((metric) => median(summaries.map((summary) => summary.pointsLost[metric.id])).toFixed(1))]
  })
  const lostTable = markdownTable(['points lost, median', ...metrics.map((metric) => metric.label)], lostRows)
  // The audits of the run with the median score: the others fail the same audits by other amounts.
  const details = pages
    .map((page) => {
      const summaries = [...results.get(page.name)!].sort((a, b) => a.score - b.score)
      const middle = summaries[Math.floor(summaries.length / 2)]!
      const audits = middle.failing.map((audit) => `  - ${audit.title}${audit.value ? `: ${audit.value}` : ''}${audit.savings ? ` (saves ${audit.savings})` : ''}`)
      return [`- **${page.name}**, LCP element \`${middle.lcpElement.replaceAll('`', "'")}\``, ...(audits.length > 0 ? audits : ['  - no failing audit'])].join('\n')
    })
    .join('\n')
  const benchmarkIndex = median(pages.flatMap((page) => results.get(page.name)!.map((summary) => summary.benchmarkIndex)))
  const load = loadavg()[0]!.toFixed(1)
  const markdown = `${table}\n\n${lostTable}\n\nLighthouse's CPU benchmark index during the runs: ${Math.round(benchmarkIndex)} (median; lower means a busier or slower machine, and a higher TBT); load average at the end: ${load} on ${availableParallelism()} cores. Mobile preset, simulated throttling (Lighthouse's defaults), performance category only, ${runs} runs of each page interleaved; Debian's Chromium, production server with 2,000 products. Failing audits, in the run with the median score:\n\n${details}`
  console.log(`\n${markdown}`)
  reportSection('Lighthouse: mobile performance score, home and product page', markdown)
  for (const page of pages) {
    const summaries = results.get(page.name)!
    const score = median(summaries.map((summary) => summary.score))
    const worst = metrics
      .map((metric) => ({ label: metric.label, lost: median(summaries.map((summary) => summary.pointsLost[metric.id])) }))
      .sort((a, b) => b.lost - a.lost)
      .filter((metric) => metric.lost >= 0.5)
    reportGoal({
      goal: `Lighthouse mobile (simulated throttling), ${page.name} page`,
      target: `≥ ${goalScore}`,
      measured: `${score} (TBT ${formatMetric(median(summaries.map((summary) => summary.metrics['total-blocking-time'])), 'ms')}, LCP ${formatMetric(median(summaries.map((summary) => summary.metrics['largest-contentful-paint'])), 'ms')})`,
      met: score >= goalScore,
      left: `points lost by metric: ${worst.map((metric) => `${metric.label} ${metric.lost.toFixed(1)}`).join(', ')}; see performance.md, "Lighthouse".`,
    })
  }
} finally {
  chrome?.kill()
  server.kill()
  rmSync(folder, { recursive: true, force: true })
}
