import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPostgres, type PostgresDatabase } from '#db/postgres/connection'
import { createPostgresTestDatabase } from '../../tests/support/postgres-database'
import { describeSlidingWindowStore } from '../../tests/support/sliding-window-store'
import { createPostgresRateLimitStore } from './rate-limit-store.postgres'

// Two pools on one database: two server processes, as far as PostgreSQL can tell. Ten connections
// each, so that takes really overlap: with the advisory lock taken out, the 50 takes at once were
// granted more than 10 on every run.
let processA: PostgresDatabase
let processB: PostgresDatabase
beforeAll(async () => {
  const database = await createPostgresTestDatabase({ connections: 10 })
  processA = database
  processB = openPostgres(database.url, { max: 10 })
})
afterAll(() => processB.$client.end())

describeSlidingWindowStore('the PostgreSQL rate-limit store', () => ({ first: createPostgresRateLimitStore(processA), second: createPostgresRateLimitStore(processB) }))

describe('the PostgreSQL rate-limit table', () => {
  const rowsOf = async (limiter: string) =>
    Number((await processA.$client.query('SELECT count(*) AS rows FROM rate_limit_events WHERE limiter = $1', [limiter])).rows[0].rows)

  it('stays bounded: prune deletes the rows of events that have left their window', async () => {
    const store = createPostgresRateLimitStore(processA)
    const limiter = store.limiter({ name: 'bounded', limit: 5, windowMs: 60_000 })
    for (let client = 0; client < 20; client++) await limiter.record(`ip:${client}`, client * 1_000)
    expect(await rowsOf('bounded')).toBe(20)
    await store.prune(70_000)
    expect(await rowsOf('bounded')).toBe(9)
  })

  it('is unlogged: no WAL flush per counted event', async () => {
    const { rows } = await processA.$client.query(`SELECT relpersistence FROM pg_class WHERE relname = 'rate_limit_events'`)
    expect(rows).toEqual([{ relpersistence: 'u' }])
  })
})
