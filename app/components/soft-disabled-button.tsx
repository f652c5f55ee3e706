import type { ComponentProps } from 'react'

/**
 * A button that stays focusable while it cannot act (`aria-disabled`, not `disabled`): a keyboard
 * user who presses "+" up to the limit keeps focus on it instead of being dropped to the page.
 */
export function SoftDisabledButton({ disabled, onClick, type = 'button', ...props }: ComponentProps<'button'>) {
  return (
    <button
      type={type}
      {...props}
      aria-disabled={disabled || undefined}
      onClick={(event) => {
        if (disabled) return event.preventDefault()
        onClick?.(event)
      }}
    />
  )
}
