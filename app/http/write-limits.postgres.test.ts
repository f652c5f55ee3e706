import { afterAll, describe, expect, it } from 'vitest'
import { openPostgres } from '#db/postgres/connection'
import { createPostgresTestDatabase } from '../../tests/support/postgres-database'
import { signIn, signInLimits } from '~/features/admin/admin-auth.server'
import { ApiError } from '~/lib/api-error'
import { takeWriteBudget } from './write-limits'

/**
 * Two server processes on one PostgreSQL database are two pools here: each has its own database
 * handle, so nothing in memory is shared, only the database. A budget is one budget across both.
 */
async function twoProcesses() {
  const first = await createPostgresTestDatabase({ connections: 10 })
  const second = openPostgres(first.url, { max: 10 })
  afterAll(() => second.$client.end())
  return [first, second] as const
}

const statusOf = (attempt: Promise<unknown>) =>
  attempt.then(
    () => 200,
    (error: unknown) => (error instanceof ApiError ? error.status : 500),
  )

describe('rate limits shared by every process on PostgreSQL', () => {
  it('grants an address exactly its checkout budget across two processes, however the attempts are spread', async () => {
    const processes = await twoProcesses()
    const perAddress = { cart: 1_000, checkout: 10 }
    const now = Date.now()
    const statuses = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        statusOf(takeWriteBudget(processes[index % 2] as (typeof processes)[number], 'checkout', { address: '10.0.0.7', cartToken: `cart-${index}`, perAddress }, now)),
      ),
    )
    expect(statuses.filter((status) => status === 200)).toHaveLength(10)
    expect(statuses.filter((status) => status === 429)).toHaveLength(20)
  })

  it('stops an address guessing passwords after its failures on either process', async () => {
    const processes = await twoProcesses()
    const guesses = signInLimits.perAddress.limit + 5
    const now = Date.now()
    const statuses: number[] = []
    for (let index = 0; index < guesses; index++) {
      const process = processes[index % 2] as (typeof processes)[number]
      // A new email each time, so only the per-address budget is at stake.
      statuses.push(await statusOf(signIn(process, { email: `nobody${index}@cartwheel.test`, password: 'a-wrong-one', clientIp: '10.0.0.9', now, wait: async () => {} })))
    }
    expect(statuses.slice(0, signInLimits.perAddress.limit)).toEqual(Array(signInLimits.perAddress.limit).fill(401))
    expect(statuses.slice(signInLimits.perAddress.limit)).toEqual(Array(5).fill(429))
    // Each refused guess still costs a password check (scrypt, about 0.1 s of a core).
  }, 60_000)
})
