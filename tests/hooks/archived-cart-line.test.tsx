import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { Suspense } from 'react'
import { describe, expect, it } from 'vitest'
import { CartView } from '~/features/cart/components/cart-view'
import { cartQueries } from '~/features/cart/cart.queries'
import { setUpCartTestbed } from '../support/cart-testbed'
import { setArchived } from '../support/database-rows'
import { renderInRouter } from '../support/render-in-router'

const bed = setUpCartTestbed()

/** The cart page, holding 2 of product 2 and 1 of product 3, after product 2 was taken off sale. */
async function cartWithArchivedLine() {
  await bed.startWithCart([
    [2, 2],
    [3, 1],
  ])
  setArchived(bed.db, 2, true)
  await bed.client.fetchQuery({ ...cartQueries.detail(), staleTime: 0 })
  bed.shop.requests.length = 0
  const view = renderInRouter(
    bed.client,
    <Suspense fallback={<p>Loading</p>}>
      <CartView />
    </Suspense>,
  )
  const desk = bed.product(2)
  const row = (await screen.findByRole('link', { name: desk.name })).closest('li') as HTMLElement
  return { view, desk, row, user: userEvent.setup() }
}

describe('a cart line whose product is no longer sold', () => {
  it('says so, and tells the shopper to remove it to check out', async () => {
    const { row } = await cartWithArchivedLine()
    expect(within(row).getByRole('note')).toHaveTextContent('No longer sold — remove it to check out.')
    expect(screen.getByRole('complementary', { name: 'Order summary' })).toHaveTextContent('Some products are no longer sold; remove them to check out.')
    const lamp = bed.product(3)
    const lampRow = screen.getByRole('link', { name: lamp.name }).closest('li') as HTMLElement
    expect(within(lampRow).queryByRole('note')).not.toBeInTheDocument()
  })

  it('cannot be raised: “+” changes nothing and sends nothing', async () => {
    const { view, desk, row, user } = await cartWithArchivedLine()
    const more = within(row).getByRole('button', { name: `One more ${desk.name}` })
    expect(more).toHaveAttribute('aria-disabled', 'true')
    await user.click(more)
    expect(bed.quantityOf(desk.name)).toBe('2')
    // Unmounting sends any burst still waiting: none was started.
    view.unmount()
    await bed.settled()
    expect(bed.shop.writes()).toEqual([])
  })

  it('can be lowered and removed', async () => {
    const { desk, row, user } = await cartWithArchivedLine()
    await user.click(within(row).getByRole('button', { name: `One fewer ${desk.name}` }))
    expect(bed.quantityOf(desk.name)).toBe('1')
    // The stepper sends its burst after a pause: wait for it, so the removal is a change of its own.
    await waitFor(() => expect(bed.shop.writes()).toHaveLength(1))
    await bed.settled()
    await user.click(within(screen.getByRole('link', { name: desk.name }).closest('li') as HTMLElement).getByRole('button', { name: `Remove ${desk.name}` }))
    await bed.settled()
    expect(bed.shop.writes().map((request) => `${request.method} ${request.path}`)).toEqual(['PUT /api/cart/lines/2', 'DELETE /api/cart/lines/2'])
    expect(screen.queryByRole('link', { name: desk.name })).not.toBeInTheDocument()
  })
})
