import { describe, expect, it } from 'vitest'
import { cacheTiers, parseServerSettings } from './app.config'

describe('cache tiers', () => {
  const tiers = Object.entries(cacheTiers)

  it.each(tiers)('%s has every setting and a one-line reason', (_name, tier) => {
    expect(tier.staleTime).toBeGreaterThan(0)
    expect(tier.gcTime).toBeGreaterThanOrEqual(tier.staleTime)
    expect(tier.reason).toMatch(/^\S.*\.$/)
    expect(tier.reason).not.toContain('\n')
  })

  it('orders freshness from static to volatile', () => {
    const { static: still, catalog, listing, volatile } = cacheTiers
    expect(still.staleTime).toBeGreaterThan(catalog.staleTime)
    expect(catalog.staleTime).toBeGreaterThan(listing.staleTime)
    expect(listing.staleTime).toBeGreaterThan(volatile.staleTime)
  })

  it('polls only volatile and admin data, each less often than it goes stale', () => {
    const polling = tiers.filter(([, tier]) => tier.refetchInterval !== false)
    expect(polling.map(([name]) => name)).toEqual(['volatile', 'admin'])
    for (const [, tier] of polling) expect(tier.refetchInterval).toBeGreaterThan(tier.staleTime)
  })
})

describe('server settings', () => {
  it('uses the documented defaults for an empty environment', () => {
    expect(parseServerSettings({})).toEqual({
      PORT: 3000,
      HOST: '0.0.0.0',
      DATABASE_PATH: 'data/cartwheel.db',
      SEED_PRODUCTS: 2000,
      ADMIN_EMAIL: 'admin@cartwheel.test',
      ADMIN_PASSWORD: 'cartwheel-admin',
      TRUST_PROXY: false,
      CART_WRITES_PER_MINUTE: 120,
      CHECKOUTS_PER_MINUTE: 10,
      REQUEST_TIMEOUT_MS: 30_000,
      SHUTDOWN_GRACE_MS: 10_000,
      LIVE_EVENT_LOG_SIZE: 5_000,
      EVENT_STREAMS_PER_ADDRESS: 20,
      EVENT_STREAMS_MAX: 10_000,
      EVENT_HEARTBEAT_MS: 25_000,
      PUBLIC_ORIGIN: 'http://localhost:3000',
    })
  })

  it('takes the public origin from PUBLIC_ORIGIN, or the local address on PORT', () => {
    expect(parseServerSettings({ PORT: '8080' }).PUBLIC_ORIGIN).toBe('http://localhost:8080')
    expect(parseServerSettings({ PUBLIC_ORIGIN: 'https://shop.example' }).PUBLIC_ORIGIN).toBe('https://shop.example')
    expect(parseServerSettings({ PUBLIC_ORIGIN: 'https://Shop.Example:8443/' }).PUBLIC_ORIGIN).toBe('https://shop.example:8443')
  })

  it('selects PostgreSQL with a postgres:// DATABASE_URL, and never repeats a refused one', () => {
    expect(parseServerSettings({ DATABASE_URL: 'postgres://shop:secret@db.internal:5432/cartwheel' }).DATABASE_URL).toBe('postgres://shop:secret@db.internal:5432/cartwheel')
    expect(parseServerSettings({ DATABASE_URL: 'postgresql://localhost/cartwheel' }).DATABASE_URL).toBe('postgresql://localhost/cartwheel')
    expect(parseServerSettings({}).DATABASE_URL).toBeUndefined()
    expect(() => parseServerSettings({ DATABASE_URL: 'mysql://shop:secret@db.internal/cartwheel' })).toThrow(/^Invalid environment settings:\n\s+DATABASE_URL=\(not shown\): Must be a postgres:\/\//)
    expect(() => parseServerSettings({ DATABASE_URL: 'mysql://shop:hunter2@db.internal/cartwheel' })).not.toThrow(/hunter2/)
  })

  it('trusts a proxy only when told to', () => {
    expect(parseServerSettings({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true)
    expect(parseServerSettings({ TRUST_PROXY: 'off' }).TRUST_PROXY).toBe(false)
    expect(() => parseServerSettings({ TRUST_PROXY: 'maybe' })).toThrow(/TRUST_PROXY/)
  })

  it('reads values from the environment', () => {
    expect(parseServerSettings({ PORT: '8080', SEED_PRODUCTS: '100000' })).toMatchObject({ PORT: 8080, SEED_PRODUCTS: 100000 })
  })

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['SEED_PRODUCTS', '1.5'],
    ['ADMIN_EMAIL', 'not-an-email'],
    ['ADMIN_PASSWORD', 'short'],
    ['REQUEST_TIMEOUT_MS', '0'],
    ['SHUTDOWN_GRACE_MS', '-1'],
    ['LIVE_EVENT_LOG_SIZE', '0'],
    ['EVENT_HEARTBEAT_MS', '10'],
    ['PUBLIC_ORIGIN', 'shop.example'],
    ['PUBLIC_ORIGIN', 'ftp://shop.example'],
    ['PUBLIC_ORIGIN', 'https://shop.example/store'],
    ['PUBLIC_ORIGIN', 'https://shop.example?x=1'],
    ['PUBLIC_ORIGIN', 'https://admin:secret@shop.example'],
  ])('stops with a message naming %s when it is %j', (variable, value) => {
    expect(() => parseServerSettings({ [variable]: value })).toThrow(new RegExp(`^Invalid environment settings:\\n\\s+${variable}=`))
  })
})
