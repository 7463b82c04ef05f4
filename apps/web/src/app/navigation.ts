import type { Me, OrganizationSummary } from '@pulse/api-contract/schemas';

export const SCREENS = ['dashboard', 'alerts', 'rules', 'silences', 'audit', 'privacy'] as const;
export type Screen = (typeof SCREENS)[number];

export const SCREEN_LABELS: Record<Screen, string> = {
  dashboard: 'Dashboard',
  alerts: 'Alerts',
  rules: 'Rules',
  silences: 'Silences',
  audit: 'Audit log',
  privacy: 'Privacy',
};

/** Each screen's route (hash history: `#/alerts`). */
export const SCREEN_PATHS = { dashboard: '/', alerts: '/alerts', rules: '/rules', silences: '/silences', audit: '/audit', privacy: '/privacy' } as const satisfies Record<Screen, string>;

/** Alerts, rules and silences are administration: ADMIN within their organization, SUPERADMIN anywhere. */
export function canAdminister(user: Me): boolean {
  return user.platformRole === 'ADMIN' || user.platformRole === 'SUPERADMIN';
}

/** The audit log: the organization's OWNER and platform ADMIN, a SUPERADMIN anywhere (as `audit.list` allows). */
export function canReadAudit(user: Me): boolean {
  return canAdminister(user) || user.orgRole === 'OWNER';
}

/** The masking policy: the same people as the audit log (`privacy.policy` allows them). */
export function canEditPrivacy(user: Me): boolean {
  return canReadAudit(user);
}

export function screensFor(user: Me): readonly Screen[] {
  return SCREENS.filter((screen) => {
    if (screen === 'dashboard') return true;
    if (screen === 'audit') return canReadAudit(user);
    if (screen === 'privacy') return canEditPrivacy(user);
    return canAdminister(user);
  });
}

/**
 * The organization on screen: the one named in the URL (`?org=`, a SUPERADMIN's pick) if the
 * user may see it, else the user's own, else the first they may see.
 */
export function pickOrganization(user: Me, requested: string | undefined): OrganizationSummary | null {
  const organizations = user.viewableOrganizations;
  return organizations.find((org) => org.id === requested) ?? user.organization ?? organizations[0] ?? null;
}
