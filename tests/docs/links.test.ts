import { describe, expect, it } from 'vitest'
import { brokenLinks, headingAnchors, markdownFilesUnder, relativeLinks } from './markdown-links'

const root = process.cwd()
const documents = ['README.md', ...markdownFilesUnder(root, 'docs')]

describe('links in the README and docs/', () => {
  it.each(documents)('every relative link in %s reaches a file, and a heading there when it names one', (file) => {
    expect(brokenLinks(root, file)).toEqual([])
  })
})

describe('reading a markdown link', () => {
  it('takes relative links with their anchors, and leaves web and mail addresses and code alone', () => {
    const markdown = [
      'See [the cascade](cache-policy.md#cascade-table) and [tiers](../app.config.ts).',
      '[site](https://tanstack.com/start), [mail](mailto:a@b.c), [here](#tiers)',
      '`[not a link](nowhere.md)`',
      '```md',
      '[also not](nowhere.md)',
      '```',
    ].join('\n')
    expect(relativeLinks(markdown).map(({ path, anchor }) => [path, anchor])).toEqual([
      ['cache-policy.md', 'cascade-table'],
      ['../app.config.ts', undefined],
      ['', 'tiers'],
    ])
  })

  it('names headings as GitHub does: lower case, punctuation dropped, spaces as hyphens, repeats numbered', () => {
    const markdown = ['# Cache policy', '## /api/products on 100,000 products', '## Background refresh vs drafts', '## Proof', '### Proof', '## `cascade.ts`: the rules'].join('\n')
    expect([...headingAnchors(markdown)]).toEqual([
      'cache-policy',
      'apiproducts-on-100000-products',
      'background-refresh-vs-drafts',
      'proof',
      'proof-1',
      'cascadets-the-rules',
    ])
  })
})
