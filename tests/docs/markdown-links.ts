import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

/** A relative link as written in a markdown file: where it points, and the heading it names, if any. */
export type MarkdownLink = { line: number; target: string; path: string; anchor: string | undefined }

/** A fenced block shows markdown, it holds no links or headings: its lines are blanked, their count kept. */
function withoutFencedCode(markdown: string) {
  let fenced = false
  return markdown.split('\n').map((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced
      return ''
    }
    return fenced ? '' : line
  })
}

const withoutInlineCode = (line: string) => line.replace(/`[^`]*`/g, (code) => ' '.repeat(code.length))

/** The relative links of a markdown text: web and mail addresses are left to the outside world. */
export function relativeLinks(markdown: string): MarkdownLink[] {
  return withoutFencedCode(markdown).flatMap((text, index) =>
    [...withoutInlineCode(text).matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].flatMap(([, target = '']) => {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return []
      const [path = '', anchor] = target.split('#')
      return [{ line: index + 1, target, path: decodeURIComponent(path), anchor: anchor === undefined ? undefined : decodeURIComponent(anchor) }]
    }),
  )
}

/**
 * The anchors GitHub gives a markdown file's headings: lower case, punctuation dropped (hyphens
 * and underscores stay), each space a hyphen; a repeated heading gets -1, -2…
 */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>()
  const seen = new Map<string, number>()
  for (const line of withoutFencedCode(markdown)) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1]
    if (heading === undefined) continue
    const slug = heading
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
      .replace(/ /g, '-')
    const count = seen.get(slug) ?? 0
    seen.set(slug, count + 1)
    anchors.add(count === 0 ? slug : `${slug}-${count}`)
  }
  return anchors
}

/** Every markdown file under a folder, as paths relative to `root`. */
export function markdownFilesUnder(root: string, folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md'))
    .map((name) => relative(root, join(root, folder, name)))
    .sort()
}

/** What is wrong with each relative link of one markdown file: a missing file, or a heading the target lacks. */
export function brokenLinks(root: string, file: string): string[] {
  const source = join(root, file)
  return relativeLinks(readFileSync(source, 'utf8')).flatMap(({ line, target, path, anchor }) => {
    const resolved = path === '' ? source : resolve(dirname(source), path)
    if (!existsSync(resolved)) return [`${file}:${line} → ${target}: no such file`]
    if (anchor === undefined || !resolved.endsWith('.md') || statSync(resolved).isDirectory()) return []
    if (!headingAnchors(readFileSync(resolved, 'utf8')).has(anchor)) return [`${file}:${line} → ${target}: no heading #${anchor}`]
    return []
  })
}
