import { useEffect, useState } from 'react';
import type { Me } from '@pulse/api-contract/schemas';

export const SCREENS = ['dashboard', 'alerts', 'rules', 'silences'] as const;
export type Screen = (typeof SCREENS)[number];
const DASHBOARD_ONLY: readonly Screen[] = ['dashboard'];

export const SCREEN_LABELS: Record<Screen, string> = {
  dashboard: 'Dashboard',
  alerts: 'Alerts',
  rules: 'Rules',
  silences: 'Silences',
};

/** Alerts, rules and silences are administration: ADMIN within their organization, SUPERADMIN anywhere. */
export function canAdminister(user: Me): boolean {
  return user.platformRole === 'ADMIN' || user.platformRole === 'SUPERADMIN';
}

export function screensFor(user: Me): readonly Screen[] {
  return canAdminister(user) ? SCREENS : DASHBOARD_ONLY;
}

function fromHash(hash: string, allowed: readonly Screen[]): Screen {
  const name = hash.replace(/^#\/?/, '');
  return allowed.find((screen) => screen === name) ?? 'dashboard';
}

/**
 * The current screen, kept in the URL hash (#/alerts) so reload and back work. A screen the
 * user may not see (a manager typing #/rules) falls back to the dashboard.
 */
export function useScreen(allowed: readonly Screen[]): [Screen, (screen: Screen) => void] {
  const [screen, setScreen] = useState<Screen>(() => fromHash(window.location.hash, allowed));
  useEffect(() => {
    const onHashChange = () => setScreen(fromHash(window.location.hash, allowed));
    onHashChange();
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, [allowed]);
  const go = (next: Screen) => {
    window.location.hash = next === 'dashboard' ? '' : `/${next}`;
    setScreen(next);
  };
  return [screen, go];
}
