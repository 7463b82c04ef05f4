import { useCallback, useEffect, useState } from 'react';
import type { SearchParamsSetter } from '../dashboard-controls/useDashboardView.ts';

const current = () => new URLSearchParams(window.location.search);

/**
 * The page's own search params, for a public link's page (a path outside the signed-in hash
 * router): `/public/dashboards/<token>?range=last_7d`. A change pushes a history entry (or
 * replaces it) as React Router's setter does, and Back gives the previous view.
 */
export function useLocationSearch(): [URLSearchParams, SearchParamsSetter] {
  const [params, setParams] = useState(current);
  useEffect(() => {
    const onPopState = () => setParams(current());
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);
  const set = useCallback<SearchParamsSetter>((next, options) => {
    const value = typeof next === 'function' ? next(current()) : next;
    const query = value.toString();
    const address = `${window.location.pathname}${query === '' ? '' : `?${query}`}`;
    if (options?.replace) window.history.replaceState(null, '', address);
    else window.history.pushState(null, '', address);
    setParams(new URLSearchParams(value));
  }, []);
  return [params, set];
}
