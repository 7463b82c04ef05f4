import { useEffect, useRef } from 'react';
import { useBlocker } from 'react-router';

type Place = { pathname: string; search: string };
const param = (place: Place, name: string) => new URLSearchParams(place.search).get(name);

/**
 * Whether going from `current` to `next` leaves the dashboard being edited: another screen,
 * another dashboard, or another organization (a SUPERADMIN's switch). The time range and
 * filters of the same dashboard may change in the address while editing.
 */
export function leavesDashboard(current: Place, next: Place): boolean {
  return current.pathname !== next.pathname || ['dashboard', 'org'].some((name) => param(current, name) !== param(next, name));
}

/**
 * While there are unsaved changes: navigating inside the app (another dashboard, another
 * screen, Back) is held until the person answers (`blocker`), and closing or reloading the tab
 * asks through the browser's own prompt. `allowLeaving()` lets the app's own navigation pass
 * (after saving a copy, which opens it).
 */
export function useLeaveGuard(dirty: boolean) {
  const allowed = useRef(false);
  const blocker = useBlocker(({ currentLocation, nextLocation }) => {
    return dirty && !allowed.current && leavesDashboard(currentLocation, nextLocation);
  });
  useEffect(() => {
    if (!dirty) return;
    const ask = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [dirty]);
  return {
    blocker,
    allowLeaving: () => {
      allowed.current = true;
    },
  };
}
