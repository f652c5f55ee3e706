import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { createQueryClient } from '~/query/query-client'
import { renderWithQuery } from '../../tests/support/render-with-query'
import { SiteFooter } from './site-footer'

describe('the footer’s cache inspector', () => {
  it('opens with focus inside it, and closing it gives focus back to its button', async () => {
    const user = userEvent.setup()
    renderWithQuery(createQueryClient(), <SiteFooter />)
    expect(screen.queryByRole('dialog')).toBeNull()

    await user.click(screen.getByRole('button', { name: 'Cache inspector' }))
    const inspector = await screen.findByRole('dialog', { name: 'Cache inspector' })
    expect(screen.getByRole('button', { name: 'Close' })).toHaveFocus()
    expect(inspector).toHaveTextContent('Nothing has changed the cache since this page opened.')

    await user.click(screen.getByRole('button', { name: 'Close' }))
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(screen.getByRole('button', { name: 'Cache inspector' })).toHaveFocus()
  })
})
