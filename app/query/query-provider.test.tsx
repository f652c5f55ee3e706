import { useQuery } from '@tanstack/react-query'
import { render, screen } from '@testing-library/react'
import { afterEach, expect, it, vi } from 'vitest'
import { liveStatus } from '~/lib/live-status'
import { createQueryClient } from '~/query/query-client'
import { QueryProvider } from '~/query/query-provider'

// Both lazily loaded modules fail to load, as a chunk removed by a deploy would.
vi.mock('./offline-support', () => {
  throw new Error('offline-support: chunk not found')
})
vi.mock('./live/live-connection', () => {
  throw new Error('live-connection: chunk not found')
})

afterEach(() => liveStatus.set('off'))

function Probe() {
  const { data } = useQuery({ queryKey: ['test', 'probe'], queryFn: async () => 'loaded' })
  return <p>{data ?? 'waiting'}</p>
}

it('runs its queries without a restored cache when the offline code cannot be loaded', async () => {
  render(
    <QueryProvider client={createQueryClient()}>
      <Probe />
    </QueryProvider>,
  )
  expect(await screen.findByText('loaded')).toBeTruthy()
})

it('counts live events as down when their code cannot be loaded, so pushed data is polled', async () => {
  liveStatus.set('connecting')
  render(
    <QueryProvider client={createQueryClient()}>
      <Probe />
    </QueryProvider>,
  )
  await vi.waitFor(() => expect(liveStatus.get()).toBe('down'))
})
