import { describe, expect, it } from 'vitest'
import { createFairQueue } from './fair-queue'

/** Lets every job that can start, start (they start a few microtasks after their slot frees). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

/** A task the test finishes by hand, recording when it started. */
function deferredTask(started: string[], name: string) {
  let finish = () => {}
  const done = new Promise<void>((resolve) => (finish = resolve))
  return { task: () => (started.push(name), done), finish: () => finish() }
}

describe('the fair queue', () => {
  it('gives the next slot to another address, however many jobs one address has queued', async () => {
    const queue = createFairQueue({ concurrency: 1, perKey: 50 })
    const started: string[] = []
    const flood = Array.from({ length: 20 }, (_, index) => deferredTask(started, `flood-${index}`))
    const runs = flood.map(({ task }) => queue.run('ip:attacker', task))
    const admin = deferredTask(started, 'admin')
    const adminRun = queue.run('ip:admin', admin.task)
    await settle()
    expect(started).toEqual(['flood-0'])
    flood[0]?.finish()
    await settle()
    expect(started).toEqual(['flood-0', 'admin'])
    admin.finish()
    await adminRun
    for (const { finish } of flood) finish()
    await Promise.all(runs)
    expect(started).toHaveLength(21)
  })

  it('refuses a job past the per-address limit with 429 and keeps running the rest', async () => {
    const queue = createFairQueue({ concurrency: 1, perKey: 2 })
    const started: string[] = []
    const first = deferredTask(started, 'first')
    const running = queue.run('ip:a', first.task)
    const queued = [deferredTask(started, 'second'), deferredTask(started, 'third')]
    const waiting = queued.map(({ task }) => queue.run('ip:a', task))
    await expect(queue.run('ip:a', async () => 'fourth')).rejects.toMatchObject({ status: 429, code: 'RATE_LIMITED' })
    expect(queue.waiting).toBe(2)
    first.finish()
    for (const { finish } of queued) finish()
    await Promise.all([running, ...waiting])
    expect(started).toEqual(['first', 'second', 'third'])
  })
})
