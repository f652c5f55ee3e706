// What a bench hands to `npm run bench`: its tables, and each goal of the performance issue it
// measures. The dispatcher collects them (one JSON line each, in the file BENCH_REPORT names),
// prints the goals at the end, and a full run writes them all into docs/benchmarks.md. A bench
// run on its own (`npm run bench -- <name>`) still reports; run directly with tsx, it only prints.
import { appendFileSync } from 'node:fs'

export type Goal = {
  /** What is measured, as the table says it. */
  goal: string
  /** The figure wanted, written out: "≥ 1,000", "≤ 120 kB on every shopper page". */
  target: string
  /** The figure this run measured. */
  measured: string
  met: boolean
  /** Where not met: what stands in the way, in a sentence. */
  left?: string
}

export type Entry = { bench: string } & ({ kind: 'section'; title: string; markdown: string } | ({ kind: 'goal' } & Goal))

function append(entry: Entry) {
  const file = process.env.BENCH_REPORT
  if (file) appendFileSync(file, `${JSON.stringify(entry)}\n`)
}

const bench = () => process.env.BENCH_NAME ?? 'direct'

/** A bench's result as markdown (a table and a line or two), for docs/benchmarks.md. */
export function reportSection(title: string, markdown: string) {
  append({ bench: bench(), kind: 'section', title, markdown: markdown.trim() })
}

/** One goal of the performance issue, met or not, printed at the end of the run and written to the doc. */
export function reportGoal(goal: Goal) {
  append({ bench: bench(), kind: 'goal', ...goal })
}

/** A markdown table from a header row and rows of cells. */
export function markdownTable(header: string[], rows: Array<Array<string | number>>) {
  const line = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}
