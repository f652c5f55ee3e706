import type { QueryClient } from '@tanstack/react-query'
import { cartKeys } from '~/features/cart/cart.queries'
import { hasUnconfirmedCartChanges } from '~/features/cart/cart-sync'
import { emptyCart, type Cart } from '~/features/cart/cart.schemas'
import { catalogKeys, catalogQueries, listFiltersOf } from '~/features/catalog/catalog.queries'
import type { Product, ProductPage, ProductSummary } from '~/features/catalog/catalog.schemas'
import { productImageUrl } from '~/features/catalog/product-image'
import { catalogAdminKeys, catalogAdminQueries } from '~/features/inventory/catalog-admin.queries'
import type { AdminCategory, AdminProduct, ProductChange } from '~/features/inventory/catalog-admin.answers'
import { cancelListReadsHolding, findInventoryRow, inventoryListHolds, writeInventoryRow } from '~/features/inventory/inventory-rows'
import { inventoryKeys, type InventoryData } from '~/features/inventory/inventory.queries'
import type { InventoryRow } from '~/features/inventory/inventory.schemas'
import { seedStockLevels, stockKeys, type StockSnapshot } from '~/features/catalog/stock.queries'
import { adminOrderKeys } from '~/features/orders/order-admin.queries'
import type { AdminOrderPage, Cancellation } from '~/features/orders/order-admin.schemas'
import { orderKeys, orderQueries } from '~/features/orders/orders.queries'
import type { ArchivedLine, Order, ShortLine } from '~/features/orders/orders.schemas'
import type { LiveEventData } from '~/live/live-events'

/**
 * The cascade: for each change, which cached answers it writes from the server's response, and
 * which it marks stale without refetching. The one place where the domains' caches meet (the query
 * layer, so features never import each other); mutation-cascade.ts calls these from the
 * MutationCache, and docs/cache-policy.md has the same rules as a table. Nothing that the change
 * cannot have affected is touched.
 */

/**
 * Marks stale, without refetching, each cached listing that shows one of these products with
 * another stock number: the next visit or focus refreshes it, and no request goes out now.
 */
function markListingsShowingOtherStock(client: QueryClient, levels: StockSnapshot[]) {
  if (levels.length === 0) return
  const fresh = new Map(levels.map((level) => [level.productId, level.stock]))
  void client.invalidateQueries({
    queryKey: catalogKeys.lists(),
    refetchType: 'none',
    predicate: (query) =>
      (query.state.data as ProductPage | undefined)?.items.some((item) => fresh.has(item.id) && fresh.get(item.id) !== item.stock) ?? false,
  })
}

function writeStock(client: QueryClient, levels: StockSnapshot[]) {
  seedStockLevels(client, levels)
  markListingsShowingOtherStock(client, levels)
}

/**
 * A cart change the server applied. Writes: the touched product's stock, from its line. Marks
 * stale: listings showing that product with another stock number. The cart itself is the cart
 * feature's to write, once no other change is unconfirmed (see features/cart/cart-sync.ts).
 */
export function cascadeAfterCartChange(client: QueryClient, { cart, productIds, observedAt }: { cart: Cart; productIds: number[]; observedAt: number }) {
  const touched = cart.lines.filter((line) => productIds.includes(line.productId))
  writeStock(
    client,
    touched.map((line) => ({ productId: line.productId, stock: line.stock, version: null, observedAt })),
  )
}

/** A cart change refused for stock: the refusal says how many are left, which is news for the stock cache. */
export function cascadeAfterStockRefusal(client: QueryClient, { productId, available, observedAt }: { productId: number; available: number; observedAt: number }) {
  writeStock(client, [{ productId, stock: available, version: null, observedAt }])
}

/**
 * An admin changed a product (an edit or a restock), or a conflict brought back the product as the
 * server has it. Writes: the inventory row everywhere it is listed (a list read in flight that
 * holds the old row is cancelled first); the product's stock (with its version); the product
 * page's stock and price. Marks stale: storefront listings that show it (`none`). Refetches: this
 * browser's cart, when it holds the product with another price or stock.
 */
export function cascadeAfterAdminChange(client: QueryClient, row: InventoryRow, { observedAt }: { observedAt: number }) {
  // Cancelling reverts those reads at once; the write below lands after them.
  void cancelListReadsHolding(client, row.productId)
  writeInventoryRow(client, row)
  seedStockLevels(client, [{ productId: row.productId, stock: row.stock, version: row.version, observedAt }])
  for (const query of client.getQueryCache().findAll({ queryKey: catalogKeys.details() })) {
    const product = query.state.data as Product | undefined
    if (product?.id !== row.productId) continue
    client.setQueryData<Product>(query.queryKey, { ...product, stock: row.stock, priceCents: row.priceCents, version: row.version, updatedAt: row.updatedAt })
  }
  markListingsShowing(client, new Set([row.productId]))
  // The cart shows each line's price and stock, and its totals are the server's to compute.
  const line = client.getQueryData(cartKeys.detail())?.lines.find((entry) => entry.productId === row.productId)
  if (line && (line.unitPriceCents !== row.priceCents || line.stock !== row.stock)) void client.invalidateQueries({ queryKey: cartKeys.detail() })
}

/** Marks stale, without refetching, each storefront listing that shows one of these products. */
function markListingsShowing(client: QueryClient, productIds: ReadonlySet<number>) {
  void client.invalidateQueries({
    queryKey: catalogKeys.lists(),
    refetchType: 'none',
    predicate: (query) => (query.state.data as ProductPage | undefined)?.items.some((item) => productIds.has(item.id)) ?? false,
  })
}

/** Marks stale, without refetching, each admin inventory list that shows one of these products. */
function markInventoryListsShowing(client: QueryClient, productIds: ReadonlySet<number>) {
  void client.invalidateQueries({
    queryKey: inventoryKeys.lists(),
    refetchType: 'none',
    predicate: (query) => inventoryListHolds(query.state.data as InventoryData | undefined, productIds),
  })
}

/**
 * An order was placed. Writes, from the answer: the order's own entry and the head of the order
 * list (when one is cached); the cart, now empty (no request). Refetches: each bought product's
 * stock where it is on screen, else marks it stale (the order says what was bought, not what is
 * left). Marks stale: the bought products' detail entries and the listings showing them.
 */
export function cascadeAfterCheckout(client: QueryClient, order: Order) {
  client.setQueryData(orderQueries.detail(order.id).queryKey, order)
  client.setQueryData(orderQueries.list().queryKey, (list) =>
    list && !list.items.some((item) => item.id === order.id) ? { items: [order, ...list.items] } : list,
  )
  writeCartEmptiedBy(client, order)
  const bought = new Set(order.lines.map((line) => line.productId))
  for (const productId of bought) void client.invalidateQueries({ queryKey: stockKeys.detail(productId) })
  // Their product pages' own stock number is only the fallback, but it must not outlive the stock entry as truth.
  void client.invalidateQueries({
    queryKey: catalogKeys.details(),
    refetchType: 'none',
    predicate: (query) => bought.has((query.state.data as Product | undefined)?.id ?? -1),
  })
  markListingsShowing(client, bought)
  markInventoryListsShowing(client, bought)
}

/**
 * The order emptied the cart on the server. The cache learns it from the answer, unless it already
 * knows of a later cart change (the shopper added something elsewhere while the order was on its
 * way, or this answer is a replay of an older order): then the cart is read again instead.
 */
function writeCartEmptiedBy(client: QueryClient, order: Order) {
  const cached = client.getQueryData(cartKeys.detail())
  const changedSince = hasUnconfirmedCartChanges(client) || (cached?.updatedAt != null && cached.updatedAt > order.createdAt)
  if (changedSince) return void client.invalidateQueries({ queryKey: cartKeys.detail() })
  // A cart read in flight started before the order and would bring the bought lines back.
  void client.cancelQueries({ queryKey: cartKeys.detail() })
  client.setQueryData(cartKeys.detail(), { ...emptyCart, updatedAt: order.createdAt })
}

/**
 * A checkout refused for stock. Writes, from the refusal: each short line's stock, in the stock
 * cache and on the cart's line (so the cart shows what to fix, with no request). Marks stale:
 * listings showing those products with another number.
 */
export function cascadeAfterCheckoutRefusal(client: QueryClient, shortLines: ShortLine[], { observedAt }: { observedAt: number }) {
  writeStock(
    client,
    shortLines.map((line) => ({ productId: line.productId, stock: line.available, version: null, observedAt })),
  )
  // The refusal knows what the server's cart asks for: if this screen shows another quantity (another
  // tab changed it), the cart is read again rather than patched.
  const short = new Map(shortLines.map((line) => [line.productId, line]))
  const cart = client.getQueryData(cartKeys.detail())
  const agrees = shortLines.every((line) => cart?.lines.find((entry) => entry.productId === line.productId)?.quantity === line.requested)
  if (!cart || !agrees) return void client.invalidateQueries({ queryKey: cartKeys.detail() })
  client.setQueryData(cartKeys.detail(), {
    ...cart,
    lines: cart.lines.map((line) => {
      const refused = short.get(line.productId)
      return !refused || refused.available === line.stock ? line : { ...line, stock: refused.available }
    }),
  })
}

/**
 * A checkout refused because products in the cart were taken off sale. Writes, from the refusal:
 * the archived mark on the cart's lines holding them, so the cart shows what to remove at once.
 * Refetches the cart (the refusal names only those lines), and marks stale (`none`) the pages and
 * listings of those products, which showed them on sale.
 */
export function cascadeAfterArchivedRefusal(client: QueryClient, archivedLines: ArchivedLine[]) {
  const archived = new Set(archivedLines.map((line) => line.productId))
  const cart = client.getQueryData(cartKeys.detail())
  if (cart) client.setQueryData(cartKeys.detail(), { ...cart, lines: cart.lines.map((line) => (archived.has(line.productId) && !line.archived ? { ...line, archived: true } : line)) })
  void client.invalidateQueries({ queryKey: cartKeys.detail() })
  markProductsOffSale(client, archived, 'none')
}

/**
 * A cart change refused because its product was taken off sale (its page was open from before).
 * Refetches (`active`): that product's page where it is on screen, which then says it is no longer
 * sold. Marks stale: the listings showing it.
 */
export function cascadeAfterArchivedCartRefusal(client: QueryClient, productId: number) {
  markProductsOffSale(client, new Set([productId]), 'active')
}

function markProductsOffSale(client: QueryClient, productIds: ReadonlySet<number>, refetchType: 'none' | 'active') {
  void client.invalidateQueries({
    queryKey: catalogKeys.details(),
    refetchType,
    predicate: (query) => productIds.has((query.state.data as Product | undefined)?.id ?? -1),
  })
  markListingsShowing(client, productIds)
}

/**
 * An admin cancelled an order and its units went back to stock. Writes, from the answer: the
 * order in every admin order page that lists it (and its own entry, when this browser has it);
 * each returned product's stock, with its version. Marks stale (`none`): those products' detail
 * entries, the storefront listings and the inventory lists that show them.
 */
export function cascadeAfterOrderCancelled(client: QueryClient, { order, stock }: Cancellation, { observedAt }: { observedAt: number }) {
  client.setQueriesData<AdminOrderPage>({ queryKey: adminOrderKeys.lists() }, (page) =>
    page?.items.some((item) => item.id === order.id) ? { ...page, items: page.items.map((item) => (item.id === order.id ? order : item)) } : page,
  )
  if (client.getQueryData(orderQueries.detail(order.id).queryKey)) client.setQueryData(orderQueries.detail(order.id).queryKey, order)
  seedStockLevels(
    client,
    stock.map((level) => ({ ...level, observedAt })),
  )
  const returned = new Set(stock.map((level) => level.productId))
  void client.invalidateQueries({
    queryKey: catalogKeys.details(),
    refetchType: 'none',
    predicate: (query) => returned.has((query.state.data as Product | undefined)?.id ?? -1),
  })
  markListingsShowing(client, returned)
  markInventoryListsShowing(client, returned)
}

/**
 * The server found the cart empty while this browser showed lines: the screen was wrong. Both the
 * cart and the order list are refetched (an order this browser placed may be why, its answer lost).
 */
export function cascadeAfterEmptyCheckout(client: QueryClient) {
  void client.invalidateQueries({ queryKey: cartKeys.detail() })
  void client.invalidateQueries({ queryKey: orderKeys.list() })
}

/**
 * A cart change queued offline and restored after a reload was answered. Refetches (`active`):
 * the touched product's stock where it is on screen (else marks it stale), and, after the last of
 * the batch, the cart once. Its own answer is not written: nothing on this page counts it as
 * unconfirmed, so it could overwrite a change the shopper made since.
 */
export function cascadeAfterQueuedCartChange(client: QueryClient, { productId, lastOfBatch }: { productId: number; lastOfBatch: boolean }) {
  void client.invalidateQueries({ queryKey: stockKeys.detail(productId) })
  if (lastOfBatch) void client.invalidateQueries({ queryKey: cartKeys.detail() })
}

/*
 * Live events (app/query/event-cascade.ts dispatches them). An event tells every open browser what
 * a change committed on the server did, this browser's own changes included: each write below is
 * guarded by the product's version or the cart's `updatedAt`, so an event that repeats what this
 * browser already shows changes nothing (no re-render, no flicker of an optimistic state).
 */

/** Replaces, in place, each listing item of one product that `patch` changes; every other item and page keeps its object. */
function patchListingItems(client: QueryClient, productId: number, patch: (item: ProductSummary) => ProductSummary) {
  // An updater that returns undefined leaves its query alone: no write, no notification.
  client.setQueriesData<ProductPage | undefined>({ queryKey: catalogKeys.lists() }, (page) => {
    if (!page?.items.some((item) => item.id === productId && patch(item) !== item)) return undefined
    return { ...page, items: page.items.map((item) => (item.id === productId ? patch(item) : item)) }
  })
}

/** Merges fields into the cached product page of one product, when the event's version is newer than the cached one. */
function patchProductDetail(client: QueryClient, productId: number, version: number, fields: Partial<Product>, { atVersion = false } = {}) {
  for (const query of client.getQueryCache().findAll({ queryKey: catalogKeys.details() })) {
    const product = query.state.data as Product | undefined
    if (product?.id !== productId || product.version > version || (product.version === version && !atVersion)) continue
    const patched = { ...product, ...fields, version }
    if (JSON.stringify(patched) !== JSON.stringify(product)) client.setQueryData<Product>(query.queryKey, patched)
  }
}

/**
 * The admin's entry of a product, where it is cached and older, patched with what a change says
 * (a stock or inventory event's fields, or a catalog change's whole product): the editor then
 * shows the stock a sale left, and knows the version a save must name. A shopper's browser hears
 * every product event and keeps no admin entries.
 */
function patchAdminProduct(client: QueryClient, productId: number, version: number, fields: Partial<AdminProduct>) {
  const key = catalogAdminQueries.product(productId).queryKey
  const cached = client.getQueryData(key)
  if (cached && cached.version < version) client.setQueryData(key, { ...cached, ...fields, version })
}

/**
 * Live: a product's stock moved (a sale, a restock, an admin's edit, a cancelled order). Writes:
 * the stock entry (versioned), the product page's number, each listing item that shows another
 * number, and the cart line holding the product (unless a change to the cart or an order is on
 * its way: its answer writes the cart). Marks nothing stale; no request.
 */
export function cascadeAfterStockEvent(client: QueryClient, level: LiveEventData<'stock'>, { observedAt, cartBusy }: { observedAt: number; cartBusy: boolean }) {
  seedStockLevels(client, [{ ...level, observedAt }])
  patchProductDetail(client, level.productId, level.version, { stock: level.stock })
  patchAdminProduct(client, level.productId, level.version, { stock: level.stock })
  patchListingItems(client, level.productId, (item) => (item.stock === level.stock ? item : { ...item, stock: level.stock }))
  if (cartBusy) return
  const cart = client.getQueryData(cartKeys.detail())
  if (!cart?.lines.some((line) => line.productId === level.productId && line.stock !== level.stock)) return
  client.setQueryData(cartKeys.detail(), {
    ...cart,
    lines: cart.lines.map((line) => (line.productId === level.productId ? { ...line, stock: level.stock } : line)),
  })
}

/** The newest version of each product, and of each category, whose change this client has applied. */
const appliedProductVersions = new WeakMap<QueryClient, Map<number, number>>()
const appliedCategoryVersions = new WeakMap<QueryClient, Map<string, number>>()

/** Records `version` for `key` and says whether it is newer than any applied before. */
function firstTimeAt<K>(applied: WeakMap<QueryClient, Map<K, number>>, client: QueryClient, key: K, version: number) {
  let versions = applied.get(client)
  if (!versions) applied.set(client, (versions = new Map()))
  if ((versions.get(key) ?? 0) >= version) return false
  versions.set(key, version)
  return true
}

/** A product page cached under its old slug is also cached under the new one, so opening it there needs no request. */
function keepUnderNewSlug(client: QueryClient, oldSlug: string, newSlug: string) {
  const moved = client.getQueryData<Product>(catalogKeys.detail(oldSlug))
  if (moved && moved.slug === newSlug) client.setQueryData(catalogKeys.detail(newSlug), moved)
}

/**
 * A product was created or changed: the admin's own answer, or the live event that tells every
 * other browser (the same payload, so both go through here). What it writes depends on what
 * moved:
 * - Always. Writes: the product page (when the change is newer than it), the stock entry
 *   (versioned), each listing item showing the product (only that item; no listing is refetched),
 *   the admin's entry of the product and its row in the inventory grid. Marks stale (`none`): the
 *   product's audit trail, and the listings holding it that are sorted or searched by its new name,
 *   or sorted or bounded by its new price (the item may now be out of place there). Refetches: this browser's cart, when a line shows another price or name, or the
 *   product went on or off sale.
 * - Which products a listing holds changed (a product created, moved, archived or restored).
 *   Refetches (`active`; others are marked stale): the listings of the category it left and the
 *   one it joined, the listings that hold it when it went off sale, and, when the products on sale
 *   changed (created, archived, restored), the listings of every category (the home page and
 *   search); the category nav's counts (static tier: a change overrides its hour of freshness) and
 *   the admin's category list; the inventory grid when the product is new.
 */
export function cascadeAfterCatalogChange(client: QueryClient, { product, previous }: ProductChange, { observedAt }: { observedAt: number }) {
  const { id, version } = product
  // The admin's own change comes back as its live event, and an answer can arrive after a newer
  // event: a version already applied (or passed) changes nothing, and refetches nothing twice.
  if (!firstTimeAt(appliedProductVersions, client, id, version)) return
  patchProductDetail(
    client,
    id,
    version,
    {
      slug: product.slug,
      imageUrl: productImageUrl(product.slug),
      name: product.name,
      description: product.description,
      category: product.category,
      priceCents: product.priceCents,
      stock: product.stock,
      archived: product.archived,
      updatedAt: product.updatedAt,
    },
    // The full state at its version: it applies even where a stock event of the same version came first.
    { atVersion: true },
  )
  if (previous && previous.slug !== product.slug) keepUnderNewSlug(client, previous.slug, product.slug)
  seedStockLevels(client, [{ productId: id, stock: product.stock, version, observedAt }])
  const misplaced = listingsOrderedByWhatChanged(client, product)
  patchListingItems(client, id, (item) =>
    item.priceCents === product.priceCents && item.name === product.name && item.slug === product.slug && item.category.slug === product.category.slug && item.category.name === product.category.name
      ? item
      : { ...item, priceCents: product.priceCents, name: product.name, slug: product.slug, imageUrl: productImageUrl(product.slug), category: product.category },
  )
  for (const queryKey of misplaced) void client.invalidateQueries({ queryKey, exact: true, refetchType: 'none' })
  writeAdminProduct(client, product)
  void client.invalidateQueries({ queryKey: catalogAdminKeys.productChanges(id), refetchType: 'none' })

  const onSaleChanged = previous === null || previous.archived !== product.archived
  const categories = new Set([product.category.slug, ...(previous ? [previous.categorySlug] : [])])
  if (onSaleChanged || categories.size > 1) {
    void client.invalidateQueries({
      queryKey: catalogKeys.lists(),
      predicate: (query) => {
        const { category } = listFiltersOf(query.queryKey)
        if (category === undefined) return onSaleChanged
        const holds = (query.state.data as ProductPage | undefined)?.items.some((item) => item.id === id) ?? false
        return categories.has(category) || (product.archived && holds)
      },
    })
    void client.invalidateQueries({ queryKey: catalogKeys.categories() })
    void client.invalidateQueries({ queryKey: catalogAdminKeys.categories() })
  }
  if (previous === null) void client.invalidateQueries({ queryKey: inventoryKeys.lists() })

  const line = client.getQueryData(cartKeys.detail())?.lines.find((entry) => entry.productId === id)
  if (line && (line.unitPriceCents !== product.priceCents || line.name !== product.name || (previous !== null && previous.archived !== product.archived))) {
    void client.invalidateQueries({ queryKey: cartKeys.detail() })
  }
}

/**
 * The listings holding the product whose order or filter depends on what changed: sorted or
 * searched by a new name, sorted or bounded by a new price. Its item is written in place there too,
 * but the listing may now hold it in the wrong place (or not at all): marked stale, not refetched.
 */
function listingsOrderedByWhatChanged(client: QueryClient, product: AdminProduct) {
  return client
    .getQueryCache()
    .findAll({ queryKey: catalogKeys.lists() })
    .filter((query) => {
      const item = (query.state.data as ProductPage | undefined)?.items.find((entry) => entry.id === product.id)
      if (!item) return false
      const { sort, q, minPrice, maxPrice } = listFiltersOf(query.queryKey)
      const renamed = item.name !== product.name && (sort === 'name' || q !== undefined)
      const repriced = item.priceCents !== product.priceCents && (sort === 'price-asc' || sort === 'price-desc' || minPrice !== undefined || maxPrice !== undefined)
      return renamed || repriced
    })
    .map((query) => query.queryKey)
}

/** The admin's entry of the product, and its grid row, where they are cached and older than this answer. */
function writeAdminProduct(client: QueryClient, product: AdminProduct) {
  patchAdminProduct(client, product.id, product.version, product)
  const { id: productId, sku, name, stock, priceCents, version, updatedAt } = product
  writeNewerInventoryRow(client, { productId, sku, name, stock, priceCents, version, updatedAt })
}

/**
 * The row wherever an inventory list holds it at an older version (a list read in flight that
 * holds it is cancelled first). A list without it is left alone.
 */
function writeNewerInventoryRow(client: QueryClient, row: InventoryRow) {
  const held = findInventoryRow(client, row.productId)
  if (!held || held.version >= row.version) return
  void cancelListReadsHolding(client, row.productId)
  writeInventoryRow(client, row)
}

/**
 * A category was created or renamed (the admin's answer, or the live event). Writes: its name in
 * the category nav, in each listing item and product page of that category, and in the admin's
 * category list. Refetches the nav and the admin's list when they lack it (a new category).
 */
export function cascadeAfterCategoryChange(client: QueryClient, category: Pick<AdminCategory, 'slug' | 'name' | 'position' | 'version'>) {
  const { slug, name } = category
  if (!firstTimeAt(appliedCategoryVersions, client, slug, category.version)) return
  const nav = client.getQueryData(catalogQueries.categories().queryKey)
  if (nav?.some((entry) => entry.slug === slug)) {
    client.setQueryData(
      catalogQueries.categories().queryKey,
      nav.map((entry) => (entry.slug === slug && entry.name !== name ? { ...entry, name } : entry)),
    )
  } else void client.invalidateQueries({ queryKey: catalogKeys.categories() })
  const admin = client.getQueryData(catalogAdminQueries.categories().queryKey)
  if (admin?.some((entry) => entry.slug === slug)) {
    client.setQueryData(
      catalogAdminQueries.categories().queryKey,
      admin.map((entry) => (entry.slug === slug && entry.version < category.version ? { ...entry, name, version: category.version } : entry)),
    )
  } else void client.invalidateQueries({ queryKey: catalogAdminKeys.categories() })
  client.setQueriesData<ProductPage | undefined>({ queryKey: catalogKeys.lists() }, (page) => {
    if (!page?.items.some((item) => item.category.slug === slug && item.category.name !== name)) return undefined
    return { ...page, items: page.items.map((item) => (item.category.slug === slug ? { ...item, category: { slug, name } } : item)) }
  })
  for (const query of client.getQueryCache().findAll({ queryKey: catalogKeys.details() })) {
    const product = query.state.data as Product | undefined
    if (product?.category.slug === slug && product.category.name !== name) client.setQueryData<Product>(query.queryKey, { ...product, category: { slug, name } })
  }
}

/**
 * Live (admins): a product's inventory row as it is now. Writes: the row wherever a list holds it
 * at an older version (a list read in flight that holds it is cancelled first). A draft under
 * edit is not in the cache and is never touched: its row shows "changed on server".
 */
export function cascadeAfterInventoryEvent(client: QueryClient, row: LiveEventData<'inventory'>) {
  patchAdminProduct(client, row.productId, row.version, { stock: row.stock, priceCents: row.priceCents, name: row.name, updatedAt: row.updatedAt })
  writeNewerInventoryRow(client, row)
}

/**
 * Live: this browser's cart changed (in another tab, on another device sharing the cart, or by
 * this tab's own change, which comes back too). Writes the cart when it is newer than the cached
 * one; the caller holds it back while this tab has a cart change or an order on its way.
 */
export function cascadeAfterCartEvent(client: QueryClient, cart: LiveEventData<'cart'>) {
  const cached = client.getQueryData(cartKeys.detail())
  if (cached?.updatedAt != null && (cart.updatedAt === null || cached.updatedAt >= cart.updatedAt)) return
  // A cart read in flight went out before this change and would bring the old cart back.
  void client.cancelQueries({ queryKey: cartKeys.detail() })
  client.setQueryData(cartKeys.detail(), cart)
}

/**
 * The live events of a while are unknown: the server could not resume from this browser's last
 * event, or the stream was down long enough for polling to take over. Refetches (`active`) what is
 * volatile: stock, the cart, the inventory lists; marks stale (`none`) the product pages and
 * listings, whose prices may have moved.
 */
export function cascadeAfterMissedEvents(client: QueryClient) {
  void client.invalidateQueries({ queryKey: stockKeys.all })
  void client.invalidateQueries({ queryKey: cartKeys.detail() })
  void client.invalidateQueries({ queryKey: inventoryKeys.lists() })
  void client.invalidateQueries({ queryKey: catalogKeys.details(), refetchType: 'none' })
  void client.invalidateQueries({ queryKey: catalogKeys.lists(), refetchType: 'none' })
}
