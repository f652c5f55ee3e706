import { join } from 'node:path'
import { backupDatabase } from '../../db/backup'
import { httpShopper, stockByProduct } from './http-shopper'
import { expect, runNpmScript, test } from './production-server'
import { readShopFile } from './shop-file'

test('a backup taken while checkouts are written is intact, consistent, and holds every order acknowledged before it began', async ({ production }) => {
  test.setTimeout(90_000)
  const server = await production.start()
  const initial = await stockByProduct(server.url, 20)
  const inStock = Object.keys(initial).map(Number).filter((id) => (initial[id] ?? 0) > 0)

  // Four shoppers at a time, each a new browser buying one unit, until the backup is done. The
  // copy runs in this process, so it starts reading the moment `acknowledgedBefore` is taken.
  const acknowledged: string[] = []
  let backupStarted = false
  let acknowledgedDuringBackup = 0
  let stop = false
  let first50: () => void = () => {}
  const fiftyAcknowledged = new Promise<void>((resolve) => (first50 = resolve))
  const shop = async (lane: number) => {
    for (let round = 0; !stop; round += 1) {
      const shopper = httpShopper(server.url)
      if ((await shopper.add(inStock[(lane + round) % inStock.length] as number, 1)).status !== 200) continue
      const answer = await shopper.checkout()
      if (answer.status !== 201) continue
      acknowledged.push(answer.key)
      if (backupStarted) acknowledgedDuringBackup += 1
      if (acknowledged.length >= 50) first50()
    }
  }
  const lanes = [0, 1, 2, 3].map(shop)
  await fiftyAcknowledged

  const acknowledgedBefore = [...acknowledged]
  backupStarted = true
  const target = join(production.directory, 'backup.db')
  await backupDatabase(production.databasePath, target)
  stop = true
  await Promise.all(lanes)
  // The shop really wrote while the copy was taken.
  expect(acknowledgedDuringBackup).toBeGreaterThan(0)

  const copy = readShopFile(target)
  expect(copy.integrity).toBe('ok')
  expect(acknowledgedBefore.filter((key) => !copy.orderNumbers.has(key))).toEqual([])
  // One moment's snapshot: no order without its stock taken, no stock taken without its order.
  expect(copy.stockPlusSold).toEqual(initial)

  // The command, with the shop idle now: every order answered 201 is in the copy it reports.
  const command = await runNpmScript('db:backup', [join(production.directory, 'later.db')], { DATABASE_PATH: production.databasePath })
  expect(command.code, command.output).toBe(0)
  expect(command.output).toMatch(new RegExp(`^Backed up .*shop\\.db to .*later\\.db: [\\d.]+ MB, 20 products, ${acknowledged.length.toLocaleString('en-US')} orders\n$`))
  expect(readShopFile(join(production.directory, 'later.db')).orderNumbers.size).toBe(acknowledged.length)
})
