/**
 * Characters no name, address or note needs, that would print wrong on a label or in the audit
 * trail: control characters, unpaired surrogates, and the controls that reverse the direction of
 * the text after them.
 */
const UNPRINTABLE = /[\p{Cc}\p{Cs}\u202a-\u202e\u2066-\u2069]/u

export const isPrintable = (value: string) => !UNPRINTABLE.test(value)
