import { lazy, Suspense, useRef, useState } from 'react'

// Its own chunk, fetched the first time a shopper opens it: no page loads it before.
const CascadeInspector = lazy(() => import('./cascade-inspector'))

export function SiteFooter() {
  const [inspecting, setInspecting] = useState(false)
  const opener = useRef<HTMLButtonElement>(null)
  return (
    <footer className="border-t border-stone-200 py-8 text-center text-sm text-stone-500">
      <p>Cartwheel · prices in USD</p>
      <button ref={opener} type="button" aria-haspopup="dialog" onClick={() => setInspecting(true)} className="mt-2 underline hover:text-stone-800">
        Cache inspector
      </button>
      {inspecting ? (
        <Suspense fallback={null}>
          <CascadeInspector
            onClose={() => {
              setInspecting(false)
              opener.current?.focus()
            }}
          />
        </Suspense>
      ) : null}
    </footer>
  )
}
