import { afterEach, describe, expect, it, vi } from 'vitest'
import type * as passwords from '#db/password'
import { signIn, signInLimits } from '~/features/admin/admin-auth.server'
import { openShopDatabase, type ShopDatabase } from '../support/engine-database'

// The order passwords are checked in, as scrypt sees them.
const checked = vi.hoisted(() => [] as string[])
vi.mock('#db/password', async (importOriginal) => {
  const original = await importOriginal<typeof passwords>()
  return {
    ...original,
    verifyPassword: (password: string, stored: string) => {
      checked.push(password)
      return original.verifyPassword(password, stored)
    },
  }
})

describe('a flood of sign-ins from many addresses', () => {
  let shop: ShopDatabase | undefined
  afterEach(() => shop?.close())

  it('keeps the right password from a new address waiting for one check per flooding address at most', { timeout: 120_000 }, async () => {
    shop = await openShopDatabase({ products: 1 })
    const { db } = shop
    const addresses = 5
    const flood = Array.from({ length: addresses * 8 }, (_, index) =>
      signIn(db, { email: `nobody${index}@cartwheel.test`, password: `guess-${index}`, clientIp: `10.5.${index % addresses}.1` }).catch((error: { status: number }) => error.status),
    )
    const admin = signIn(db, { email: 'admin@cartwheel.test', password: 'cartwheel-admin', clientIp: '10.9.0.1' })
    await expect(admin).resolves.toMatchObject({ token: expect.any(String) })
    const statuses = await Promise.all(flood)
    // Each flooding address may have a few checks waiting (besides those running); the rest are refused at once.
    const accepted = addresses * signInLimits.queuedChecksPerAddress + signInLimits.concurrentChecks
    expect(statuses.filter((status) => status === 429)).toHaveLength(addresses * 8 - accepted)
    expect(checked.indexOf('cartwheel-admin')).toBeLessThan(signInLimits.concurrentChecks + addresses)
  })
})
