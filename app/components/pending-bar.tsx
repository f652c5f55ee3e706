import { useRouterState } from '@tanstack/react-router'

/** A thin bar across the top while a navigation waits for its loaders. */
export function PendingBar() {
  const pending = useRouterState({ select: (state) => state.status === 'pending' })
  return (
    <div
      role="progressbar"
      aria-label="Loading page"
      aria-hidden={!pending}
      className={`fixed inset-x-0 top-0 z-50 h-0.5 overflow-hidden transition-opacity duration-200 ${pending ? 'opacity-100 delay-150' : 'opacity-0'}`}
    >
      <div className="h-full w-1/3 bg-accent motion-safe:animate-[pending-bar_1s_ease-in-out_infinite]" />
    </div>
  )
}
