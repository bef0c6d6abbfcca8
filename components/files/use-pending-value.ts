import { useState } from 'react';

/**
 * A control's value that follows a choice at once, while the address it
 * goes into (and that gives the value back) is still being navigated to:
 * a box ticked shows ticked, not unticked until the router catches up.
 * A new value from the address (Back, a link) replaces it.
 */
export function usePendingValue<T>(fromAddress: T): [T, (next: T) => void] {
  const [pending, setPending] = useState(fromAddress);
  const [seen, setSeen] = useState(fromAddress);
  if (!Object.is(seen, fromAddress)) {
    setSeen(fromAddress);
    setPending(fromAddress);
  }
  return [pending, setPending];
}
