import Database from 'better-sqlite3'

/**
 * What a shop's database file holds, read through a connection of the test's own: its integrity
 * check, every order's number by Idempotency-Key, and each product's stock plus units sold (a
 * purchase moves units from one to the other, so the sum never changes).
 */
export function readShopFile(path: string) {
  const db = new Database(path, { fileMustExist: true })
  try {
    const orders = db.prepare('SELECT idempotency_key AS key, number FROM orders').all() as Array<{ key: string; number: string }>
    const products = db
      .prepare(
        `SELECT p.id, p.stock + coalesce((SELECT sum(quantity) FROM order_lines WHERE product_id = p.id), 0) AS stockPlusSold
         FROM products p ORDER BY p.id`,
      )
      .all() as Array<{ id: number; stockPlusSold: number }>
    return {
      integrity: db.pragma('integrity_check', { simple: true }),
      orderNumbers: new Map(orders.map((order) => [order.key, order.number])),
      stockPlusSold: Object.fromEntries(products.map((product) => [product.id, product.stockPlusSold])) as Record<number, number>,
    }
  } finally {
    db.close()
  }
}
