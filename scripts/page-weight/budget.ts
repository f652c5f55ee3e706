import { readFileSync } from 'node:fs'

/** One page's allowance: first-load JS and CSS in gzip bytes, and for shopper pages the JS the performance goal allows. */
export type RouteBudget = { page: string; js: number; css: number; goalJs?: number }

export type PerformanceBudget = { about: string; measured: string; margin: number; routes: Record<string, RouteBudget> }

export const budgetFile = new URL('../../performance-budget.json', import.meta.url)

export function readBudget(): PerformanceBudget {
  return JSON.parse(readFileSync(budgetFile, 'utf8')) as PerformanceBudget
}

/** Sizes as the docs and the messages print them: kB of 1,000 bytes, one decimal. */
export const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`
