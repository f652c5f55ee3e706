import { openPostgres } from '#db/postgres/connection'
import { createPostgresEventBus } from '../../app/live/postgres-event-bus'

/**
 * A second server process for app/live/postgres-event-bus.postgres.test.ts: opens a bus on the
 * database at argv[2], publishes one stock event for the product id in argv[3], and exits once it
 * is written. `node --import tsx tests/support/publish-live-event.ts <url> <productId>`
 */
const [url, productId] = process.argv.slice(2)
if (!url || !productId) throw new Error('Usage: publish-live-event.ts <database url> <product id>')

const db = openPostgres(url, { max: 1 })
const bus = await createPostgresEventBus(db, { logSize: 10 })
bus.publish({ type: 'stock', data: { productId: Number(productId), stock: 3, version: 2 }, audience: { to: 'everyone' } })
await bus.close()
await db.$client.end()
