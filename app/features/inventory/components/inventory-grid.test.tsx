import { act, cleanup, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { onlineManager } from '@tanstack/react-query'
import { HttpResponse } from 'msw'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { stockMovements } from '#db/schema'
import { InventoryConsole } from './inventory-console'
import { inventoryQueries, type InventoryListFilters } from '../inventory.queries'
import { countRows, readProduct, readProductsByName, readStockMovements, saveProductElsewhere, updateProduct } from '../../../../tests/support/database-rows'
import { renderWithQuery } from '../../../../tests/support/render-with-query'
import { setUpServedShop } from '../../../../tests/support/served-shop'
import { queryObserversNotified } from '../../../../tests/support/query-notifications'
import { SEEDED_ADMIN } from '../../../../tests/support/test-database'
import { setViewportWidth } from '../../../../tests/support/viewport'
import { NARROW_ROW_HEIGHT, ROW_HEIGHT } from './row-layout'

const filters: InventoryListFilters = { sort: 'name', order: 'asc' }

// jsdom lays nothing out: give the grid's scroll box the size a browser would (the virtualizer
// reads clientWidth/clientHeight to know how many rows fit).
const layout = { clientHeight: 640, clientWidth: 1024 }
const originals = Object.fromEntries(Object.keys(layout).map((key) => [key, Object.getOwnPropertyDescriptor(HTMLElement.prototype, key)]))
beforeAll(() => {
  for (const [key, size] of Object.entries(layout)) {
    Object.defineProperty(HTMLElement.prototype, key, {
      configurable: true,
      get(this: HTMLElement) {
        return this.dataset.testid === 'inventory-scroller' ? size : 0
      },
    })
  }
})
afterAll(() => {
  for (const [key, descriptor] of Object.entries(originals)) if (descriptor) Object.defineProperty(HTMLElement.prototype, key, descriptor)
})

type ServedShop = ReturnType<typeof setUpServedShop>

/** Signs this browser in as the admin and puts the console on screen, over the shop given. */
async function openConsole({ shop, client }: ServedShop, { onRowRender }: { onRowRender?: (productId: number) => void } = {}) {
  await shop.call('POST', '/api/admin/session', SEEDED_ADMIN)
  renderWithQuery(client, <InventoryConsole filters={filters} onRowRender={onRowRender} />)
  await screen.findByRole('table', { name: 'Inventory' })
}

const rowOf = (name: string) => {
  const row = screen.getByRole('textbox', { name: `Stock of ${name}` }).closest('[role="row"]')
  if (!(row instanceof HTMLElement)) throw new Error(`no row for ${name}`)
  return row
}

describe('the inventory grid of a large catalog', () => {
  const bed = setUpServedShop({ products: 10_000 })

  it('keeps fewer than 100 row elements in the DOM for 10,000 products', async () => {
    await openConsole(bed)
    expect(await screen.findByText(/10,000 products/)).toBeInTheDocument()
    const rows = screen.getAllByRole('row')
    expect(rows.length).toBeGreaterThan(5)
    expect(rows.length).toBeLessThan(100)
  })

  describe('on a phone', () => {
    afterEach(() => setViewportWidth())
    // The header row, the rows that fit the 640 px box, and 8 more either side of them (overscan).
    const rowsFor = (rowHeight: number) => 1 + Math.ceil(layout.clientHeight / rowHeight) + 8

    it('renders the taller rows a phone’s screen holds, and a wide screen’s rows once the window widens', async () => {
      setViewportWidth(390)
      await openConsole(bed)
      await screen.findByText(/10,000 products/)
      expect(screen.getAllByRole('row')).toHaveLength(rowsFor(NARROW_ROW_HEIGHT))

      act(() => setViewportWidth(1280))
      await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(rowsFor(ROW_HEIGHT)))
    })
  })
})

describe('the inventory grid', () => {
  const bed = setUpServedShop({ products: 60 })

  afterEach(async () => {
    onlineManager.setOnline(true)
    bed.shop.releaseAll()
    cleanup()
    await waitFor(() => expect(bed.client.isMutating()).toBe(0))
  })

  /** The first product in the grid's order, as the server has it. */
  const firstRow = () => {
    const [row] = readProductsByName(bed.db, 1)
    if (!row) throw new Error('no products')
    return row
  }

  /** The first product in the grid's order with more than 5 in stock: one not marked low yet. */
  const firstWellStockedRow = () => readProductsByName(bed.db, 10).find((row) => row.stock > 5)

  /** The product's row as the grid's cache holds it. */
  const cachedRow = (productId: number) =>
    bed.client
      .getQueryData(inventoryQueries.list(filters).queryKey)
      ?.pages.flatMap((page) => page.items)
      .find((row) => row.productId === productId)

  const stockInDatabase = (id: number) => readProduct(bed.db, id).stock

  /** Another admin's save, straight into the database. */
  const savedElsewhere = (id: number, stock: number) => saveProductElsewhere(bed.db, id, { stock })

  const refetchGrid = () =>
    act(async () => {
      await bed.client.refetchQueries({ queryKey: inventoryQueries.list(filters).queryKey })
      await queryObserversNotified()
    })

  describe('an edit made after another admin saved the product', () => {
    /** Another admin has set the first row's stock to 12; this admin, who saw the old row, saves 40, and the server has not answered. */
    async function editAfterAnotherAdminSaved() {
      await openConsole(bed)
      const product = firstRow()
      savedElsewhere(product.id, 12)
      bed.shop.holdWrites()
      const stock = screen.getByRole('textbox', { name: `Stock of ${product.name}` })
      await userEvent.clear(stock)
      await userEvent.type(stock, '40{Enter}')
      await waitFor(() => expect(bed.shop.held).toHaveLength(1))
      return { product, stock }
    }

    /** Lets the server answer; resolves with the row's status once it tells of the conflict. */
    async function conflictShown(name: string) {
      bed.shop.releaseAll()
      const conflict = await within(rowOf(name)).findByRole('status')
      await waitFor(() => expect(conflict).toHaveTextContent('Someone else saved this product first.'))
      return conflict
    }

    it('shows in the row at once, while it is being saved', async () => {
      const { product, stock } = await editAfterAnotherAdminSaved()
      expect(within(rowOf(product.name)).getByText('Saving…')).toBeInTheDocument()
      expect(stock).toHaveValue('40')
    })

    it('is kept beside the server’s value, which the server keeps until the admin chooses', async () => {
      const { product } = await editAfterAnotherAdminSaved()
      const conflict = await conflictShown(product.name)
      expect(conflict).toHaveTextContent('Theirs: stock 12')
      expect(conflict).toHaveTextContent('Yours: stock 40')
      expect(stockInDatabase(product.id)).toBe(12)
    })

    it('is saved when the admin keeps it', async () => {
      const { product } = await editAfterAnotherAdminSaved()
      const conflict = await conflictShown(product.name)
      await userEvent.click(within(conflict).getByRole('button', { name: 'Keep mine' }))
      await waitFor(() => expect(within(rowOf(product.name)).getByRole('status')).toBeEmptyDOMElement())
      expect(stockInDatabase(product.id)).toBe(40)
      expect(screen.getByRole('textbox', { name: `Stock of ${product.name}` })).toHaveValue('40')
    })
  })

  it('shows a saved stock in the row before the server answers: a stock of 3 is marked low at once', async () => {
    await openConsole(bed)
    const product = firstWellStockedRow()
    if (!product) throw new Error('no product with more than 5 in stock')
    expect(within(rowOf(product.name)).queryByText('Low stock')).not.toBeInTheDocument()
    bed.shop.holdWrites()
    const stock = screen.getByRole('textbox', { name: `Stock of ${product.name}` })
    await userEvent.clear(stock)
    await userEvent.type(stock, '3{Enter}')

    await waitFor(() => expect(within(rowOf(product.name)).getByText('Low stock')).toBeInTheDocument())
    expect(bed.shop.held.map((request) => request.method)).toEqual(['PATCH'])
    expect(stockInDatabase(product.id)).toBe(product.stock)
    bed.shop.releaseAll()
    await waitFor(() => expect(within(rowOf(product.name)).getByRole('status')).toBeEmptyDOMElement())
  })

  describe('an edit the server fails to save', () => {
    /**
     * The server fails every edit: the admin sets a well-stocked row to 3 (marked low at once);
     * resolves with the row's status once the failure is in.
     */
    async function editThatServerFails() {
      await openConsole(bed)
      const product = firstWellStockedRow()
      if (!product) throw new Error('no product with more than 5 in stock')
      bed.shop.override((request) =>
        request.method === 'PATCH' ? HttpResponse.json({ error: { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side' } }, { status: 500 }) : undefined,
      )
      bed.shop.holdWrites()
      const stock = screen.getByRole('textbox', { name: `Stock of ${product.name}` })
      await userEvent.clear(stock)
      await userEvent.type(stock, '3{Enter}')
      await waitFor(() => expect(within(rowOf(product.name)).getByText('Low stock')).toBeInTheDocument())

      bed.shop.releaseAll()
      const status = within(rowOf(product.name)).getByRole('status')
      await waitFor(() => expect(status).toHaveTextContent('Not saved: Something went wrong on our side'))
      return { product, status }
    }

    it('puts the row back as the server has it', async () => {
      const { product } = await editThatServerFails()
      expect(cachedRow(product.id)).toMatchObject({ stock: product.stock, priceCents: product.priceCents })
      expect(within(rowOf(product.name)).queryByText('Low stock')).not.toBeInTheDocument()
    })

    it('says it was not saved, and why', async () => {
      const { status } = await editThatServerFails()
      expect(status).toHaveTextContent('Not saved: Something went wrong on our side')
      expect(status).not.toHaveTextContent('Changed on server')
    })
  })

  describe('an edit made offline', () => {
    /** Offline, the admin sets a well-stocked row to 3; resolves with the row's status once it says the edit was not saved. */
    async function editOffline() {
      await openConsole(bed)
      const product = firstWellStockedRow()
      if (!product) throw new Error('no product with more than 5 in stock')
      // As a browser offline: a request cannot leave.
      bed.shop.override(() => (onlineManager.isOnline() ? undefined : HttpResponse.error()))
      onlineManager.setOnline(false)
      const stock = screen.getByRole('textbox', { name: `Stock of ${product.name}` })
      await userEvent.clear(stock)
      await userEvent.type(stock, '3{Enter}')

      const status = within(rowOf(product.name)).getByRole('status')
      await waitFor(() => expect(status).toHaveTextContent('Not saved: this browser is offline.'))
      return { product, status }
    }

    it('fails at once instead of waiting for the connection', async () => {
      const { status } = await editOffline()
      expect(status).not.toHaveTextContent('Saving…')
      expect(bed.client.getMutationCache().getAll().filter((mutation) => mutation.state.isPaused)).toEqual([])
    })

    it('puts the row back as the server has it', async () => {
      const { product } = await editOffline()
      expect(cachedRow(product.id)).toMatchObject({ stock: product.stock })
      expect(within(rowOf(product.name)).queryByText('Low stock')).not.toBeInTheDocument()
    })

    it('tells the admin it was not saved because the browser is offline', async () => {
      const { status } = await editOffline()
      expect(status).toHaveTextContent('Not saved: this browser is offline.')
    })

    it('is not sent when the connection returns', async () => {
      const { product } = await editOffline()
      const attempts = bed.shop.writes().length
      onlineManager.setOnline(true)
      // What reconnecting sends (paused changes resume) has been sent and answered once this resolves.
      await act(() => bed.client.resumePausedMutations())
      expect(bed.shop.writes()).toHaveLength(attempts)
      expect(stockInDatabase(product.id)).toBe(product.stock)
    })
  })

  it('takes the server’s value when the admin says so', async () => {
    await openConsole(bed)
    const product = firstRow()
    savedElsewhere(product.id, 12)
    const stock = screen.getByRole('textbox', { name: `Stock of ${product.name}` })
    await userEvent.clear(stock)
    await userEvent.type(stock, '40{Enter}')
    const conflict = within(rowOf(product.name)).getByRole('status')
    await waitFor(() => expect(conflict).toHaveTextContent('Someone else saved this product first.'))
    await userEvent.click(within(conflict).getByRole('button', { name: 'Take theirs' }))
    expect(screen.getByRole('textbox', { name: `Stock of ${product.name}` })).toHaveValue('12')
    expect(bed.shop.writes()).toHaveLength(1)
  })

  describe('a draft, when a background refetch brings another admin’s save', () => {
    /** The admin types 33 into the first row's stock without saving; another admin saves 7; the grid refetches. */
    async function draftThenRefetchOfAnotherSave() {
      await openConsole(bed)
      const product = firstRow()
      const stock = screen.getByRole('textbox', { name: `Stock of ${product.name}` })
      await userEvent.clear(stock)
      await userEvent.type(stock, '33')
      savedElsewhere(product.id, 7)
      await refetchGrid()
      return { product, stock }
    }

    it('is kept as typed, and not saved', async () => {
      const { stock } = await draftThenRefetchOfAnotherSave()
      expect(stock).toHaveValue('33')
      expect(bed.shop.writes()).toHaveLength(0)
    })

    it('is told what changed on the server', async () => {
      const { product } = await draftThenRefetchOfAnotherSave()
      expect(within(rowOf(product.name)).getByText(/Changed on server to stock 7/)).toBeInTheDocument()
    })
  })

  it('re-renders only the changed row when a refetch brings one changed product', async () => {
    const renders = new Map<number, number>()
    await openConsole(bed, { onRowRender: (productId) => renders.set(productId, (renders.get(productId) ?? 0) + 1) })
    const product = firstRow()
    const onScreen = [...renders.keys()]
    expect(onScreen.length).toBeGreaterThan(5)
    renders.clear()

    savedElsewhere(product.id, product.stock + 1)
    await refetchGrid()
    expect(screen.getByRole('textbox', { name: `Stock of ${product.name}` })).toHaveValue(String(product.stock + 1))
    expect([...renders.keys()]).toEqual([product.id])
  })

  it('re-renders only the edited row when an admin saves an edit', async () => {
    const renders = new Map<number, number>()
    await openConsole(bed, { onRowRender: (productId) => renders.set(productId, (renders.get(productId) ?? 0) + 1) })
    const product = firstRow()
    renders.clear()
    const stock = screen.getByRole('textbox', { name: `Stock of ${product.name}` })
    await userEvent.clear(stock)
    await userEvent.type(stock, '41{Enter}')
    await waitFor(() => expect(within(rowOf(product.name)).queryByText('Saving…')).not.toBeInTheDocument())
    await waitFor(() => expect(bed.client.isMutating()).toBe(0))
    await act(queryObserversNotified)
    expect(stockInDatabase(product.id)).toBe(41)
    expect([...renders.keys()]).toEqual([product.id])
  })

  it('refuses a restock delta out of range in the dialog, before any request', async () => {
    await openConsole(bed)
    const product = firstRow()
    await userEvent.click(within(rowOf(product.name)).getByRole('button', { name: 'Restock' }))
    const dialog = await screen.findByRole('dialog', { name: `Restock ${product.name}` })
    await userEvent.type(within(dialog).getByLabelText('Change by'), '-999999999')
    await userEvent.type(within(dialog).getByLabelText('Reason'), 'typo')
    await userEvent.click(within(dialog).getByRole('button', { name: 'Restock' }))
    expect(within(dialog).getByRole('alert')).toHaveTextContent('up to 1,000,000 either way')
    expect(bed.shop.writes()).toHaveLength(0)
  })

  it('restocks the selected rows one after another, with a result for each', async () => {
    await openConsole(bed)
    const [first, second] = readProductsByName(bed.db, 2)
    if (!first || !second) throw new Error('no rows')
    updateProduct(bed.db, second.id, { stock: 1 })
    await userEvent.click(screen.getByRole('checkbox', { name: `Select ${first.name}` }))
    await userEvent.click(screen.getByRole('checkbox', { name: `Select ${second.name}` }))
    expect(screen.getByText('2 selected')).toBeInTheDocument()
    await userEvent.click(screen.getByRole('button', { name: 'Restock selected' }))

    const dialog = await screen.findByRole('dialog', { name: 'Restock 2 products' })
    await userEvent.type(within(dialog).getByLabelText('Change by'), '-2')
    await userEvent.type(within(dialog).getByLabelText('Reason'), 'Damaged in the warehouse')
    await userEvent.click(within(dialog).getByRole('button', { name: 'Restock' }))

    const results = await within(dialog).findByRole('list', { name: 'Results' })
    await waitFor(() => expect(within(results).getAllByRole('listitem')).toHaveLength(2))
    expect(within(dialog).getByText('2 of 2 done')).toBeInTheDocument()
    expect(within(results).getByText(new RegExp(`✓ ${first.name}: now ${first.stock - 2}`))).toBeInTheDocument()
    expect(within(results).getByText(new RegExp(`✗ ${second.name}: Only 1 in stock`))).toBeInTheDocument()
    expect(readStockMovements(bed.db, first.id)).toEqual([{ delta: -2, reason: 'adjustment', actor: SEEDED_ADMIN.email, note: 'Damaged in the warehouse' }])
    expect(countRows(bed.db, stockMovements)).toBe(1)
  })
})
