import { useEffect, useRef } from 'react';
import { useBlocker } from 'react-router';

/**
 * While there are unsaved changes: navigating inside the app (another dashboard, another
 * screen, Back) is held until the person answers (`blocker`), and closing or reloading the tab
 * asks through the browser's own prompt. `allowLeaving()` lets the app's own navigation pass
 * (after saving a copy, which opens it).
 */
export function useLeaveGuard(dirty: boolean) {
  const allowed = useRef(false);
  const blocker = useBlocker(({ currentLocation, nextLocation }) => {
    if (!dirty || allowed.current) return false;
    return currentLocation.pathname !== nextLocation.pathname || currentLocation.search !== nextLocation.search;
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
