/**
 * One racing process for the oversell test: its own SQLite connection to the shared file, a list
 * of shoppers (cart tokens), and one checkout per shopper, all started at once when the parent
 * writes "go". Prints the answers' statuses as JSON.
 *
 *   node --import tsx tests/server/support/checkout-racer.ts <database path> <token,token,…>
 */
import { once } from 'node:events'
import { openDatabase } from '#db/connection'
import { handleApiRequest } from '~/server/api-router'

const [databasePath, tokenList] = process.argv.slice(2)
if (!databasePath || !tokenList) throw new Error('usage: checkout-racer.ts <database path> <token,token,…>')

const db = openDatabase(databasePath)
const body = JSON.stringify({ email: 'racer@example.com', name: 'Racer', address: { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' } })

process.stdout.write('ready\n')
await once(process.stdin, 'data')

const statuses = await Promise.all(
  tokenList.split(',').map(async (token, index) => {
    const request = new Request('http://localhost:3000/api/checkout', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `cartwheel_cart=${token}`, 'idempotency-key': `race-${process.pid}-${index}` },
      body,
    })
    const response = await handleApiRequest(request, { db })
    return response.status
  }),
)
process.stdout.write(`${JSON.stringify(statuses)}\n`)
db.$client.close()
process.exit(0)
