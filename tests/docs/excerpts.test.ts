import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/**
 * The docs quote real code. Every line of a ts/tsx/js excerpt must still be a line of some source
 * file, so an excerpt cannot drift from the code it teaches. Lines that only mark a cut (`// …`,
 * `/* … *\/`) and closing brackets are skipped.
 */
const root = fileURLToPath(new URL('../..', import.meta.url))

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'fixtures' ? [] : filesUnder(path, keep)
    return keep(entry.name) ? [path] : []
  })
}

const normalize = (line: string) => line.trim().replace(/\s+/g, ' ')

const sourceLines = new Set(
  [...['app', 'db', 'scripts', 'tests', 'eslint'].flatMap((dir) => filesUnder(dir, (name) => /\.(ts|tsx|js|mjs|sql)$/.test(name))), 'eslint.config.js', 'app.config.ts', 'vite.config.ts', 'playwright.config.ts', 'vitest.config.ts']
    .flatMap((file) => readFileSync(join(root, file), 'utf8').split('\n'))
    .map(normalize),
)

const isCutOrBracket = (line: string) => line === '' || /^(\/\/|\/\*|\*).*…/.test(line) || /^[)\]}>;,]*$/.test(line) || /^[)\]}]+[,;)]*$/.test(line)

type Excerpt = { doc: string; line: number; text: string }

function excerptLines(doc: string): Excerpt[] {
  const lines = readFileSync(join(root, doc), 'utf8').split('\n')
  const found: Excerpt[] = []
  let inCode = false
  lines.forEach((raw, index) => {
    const fence = /^\s*```(\w*)/.exec(raw)
    if (fence) {
      inCode = !inCode && ['ts', 'tsx', 'js', 'typescript'].includes(fence[1] ?? '')
      return
    }
    if (inCode) found.push({ doc, line: index + 1, text: normalize(raw) })
  })
  return found
}

const docs = ['README.md', ...filesUnder('docs', (name) => name.endsWith('.md'))].map((file) => relative(root, join(root, file)))

describe('code excerpts in the docs', () => {
  it.each(docs)('%s quotes only lines that are in the code', (doc) => {
    const drifted = excerptLines(doc)
      .filter((excerpt) => !isCutOrBracket(excerpt.text) && !sourceLines.has(excerpt.text))
      .map((excerpt) => `${excerpt.doc}:${excerpt.line}: ${excerpt.text}`)
    expect(drifted).toEqual([])
  })
})
