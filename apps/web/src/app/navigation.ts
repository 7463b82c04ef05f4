import type { Me, OrganizationSummary } from '@pulse/api-contract/schemas';

export const SCREENS = ['dashboard', 'alerts', 'rules', 'silences'] as const;
export type Screen = (typeof SCREENS)[number];
const DASHBOARD_ONLY: readonly Screen[] = ['dashboard'];

export const SCREEN_LABELS: Record<Screen, string> = {
  dashboard: 'Dashboard',
  alerts: 'Alerts',
  rules: 'Rules',
  silences: 'Silences',
};

/** Each screen's route (hash history: `#/alerts`). */
export const SCREEN_PATHS = { dashboard: '/', alerts: '/alerts', rules: '/rules', silences: '/silences' } as const satisfies Record<Screen, string>;

/** Alerts, rules and silences are administration: ADMIN within their organization, SUPERADMIN anywhere. */
export function canAdminister(user: Me): boolean {
  return user.platformRole === 'ADMIN' || user.platformRole === 'SUPERADMIN';
}

export function screensFor(user: Me): readonly Screen[] {
  return canAdminister(user) ? SCREENS : DASHBOARD_ONLY;
}

/**
 * The organization on screen: the one named in the URL (`?org=`, a SUPERADMIN's pick) if the
 * user may see it, else the user's own, else the first they may see.
 */
export function pickOrganization(user: Me, requested: string | undefined): OrganizationSummary | null {
  const organizations = user.viewableOrganizations;
  return organizations.find((org) => org.id === requested) ?? user.organization ?? organizations[0] ?? null;
}
