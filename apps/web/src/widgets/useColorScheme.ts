import { useSyncExternalStore } from 'react';

export type ColorScheme = 'light' | 'dark';

const QUERY = '(prefers-color-scheme: dark)';

function media(): MediaQueryList | null {
  return typeof window.matchMedia === 'function' ? window.matchMedia(QUERY) : null;
}

function subscribe(listener: () => void): () => void {
  const list = media();
  list?.addEventListener('change', listener);
  return () => list?.removeEventListener('change', listener);
}

/** The system's light or dark preference, live (the CSS follows the same media query). */
export function useColorScheme(): ColorScheme {
  return useSyncExternalStore(subscribe, () => (media()?.matches ? 'dark' : 'light'));
}
