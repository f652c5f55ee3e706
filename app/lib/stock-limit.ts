import { MAX_STOCK } from '#db/limits'
import { ApiError } from './api-error'

/**
 * A change (a restock, a cancelled order's units coming back) that would take a product's stock
 * past MAX_STOCK: refused before anything is written, with the room left, so the admin can add
 * that much.
 */
export function stockLimitExceeded(productId: number, stock: number, adding: number) {
  return new ApiError(409, 'STOCK_LIMIT', `Stock would be ${(stock + adding).toLocaleString('en-US')}; it may not pass ${MAX_STOCK.toLocaleString('en-US')}`, {
    productId,
    stock,
    room: MAX_STOCK - stock,
  })
}
