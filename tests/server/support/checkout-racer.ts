/**
 * One racing process for the checkout race tests: its own SQLite connection to the shared file,
 * and a list of checkouts (a shopper's cart token and an Idempotency-Key each), all started at
 * once when the parent writes "go". Prints each answer's status and order id as JSON.
 *
 *   node --import tsx tests/server/support/checkout-racer.ts <database path> '[{"token":…,"key":…},…]'
 */
import { once } from 'node:events'
import { openDatabase } from '#db/connection'
import { handleApiRequest } from '~/http/api-router'

const [databasePath, planJson] = process.argv.slice(2)
if (!databasePath || !planJson) throw new Error('usage: checkout-racer.ts <database path> <plan JSON>')
const plan = JSON.parse(planJson) as Array<{ token: string; key: string }>

const db = openDatabase(databasePath)
const body = JSON.stringify({ email: 'racer@example.com', name: 'Racer', address: { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' } })

process.stdout.write('ready\n')
await once(process.stdin, 'data')

const answers = await Promise.all(
  plan.map(async ({ token, key }) => {
    const request = new Request('http://localhost:3000/api/checkout', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `cartwheel_cart=${token}`, 'idempotency-key': key },
      body,
    })
    const response = await handleApiRequest(request, { db })
    const answer = (await response.json()) as { id?: number }
    return { status: response.status, orderId: answer.id }
  }),
)
process.stdout.write(`${JSON.stringify(answers)}\n`)
db.$client.close()
process.exit(0)
