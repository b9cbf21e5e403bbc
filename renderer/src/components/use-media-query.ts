import { useSyncExternalStore } from 'react';

/**
 * Below this width (the usual council laptop is 1366 px wide) side panels start folded, so a screen's main
 * panel gets the width. It matches the `max-width: 1599px` rules in styles.css.
 */
export const NARROW_WINDOW = '(max-width: 1599px)';

/** Whether a CSS media query matches now, re-rendering when it starts or stops matching. */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}
