import type { ActivityEventView, DashboardSummary, Engagement, Me, OrganizationSummary, Session } from '@pulse/api-contract/schemas';

export const ACME: OrganizationSummary = { id: '6f1c1d2e-7a54-4c3b-9d2e-1a2b3c4d5e6f', name: 'Acme Corp', slug: 'acme' };
export const GLOBEX: OrganizationSummary = { id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', name: 'Globex', slug: 'globex' };

export function makeMe(overrides: Partial<Me> = {}): Me {
  return {
    id: '3d4e5f60-7182-4394-a5b6-c7d8e9f00112',
    email: 'manager@acme.test',
    name: 'Maya Manager',
    orgRole: 'MANAGER',
    platformRole: null,
    organization: ACME,
    branchId: null,
    departmentId: null,
    viewableOrganizations: [ACME],
    ...overrides,
  };
}

export const SUPERADMIN: Me = makeMe({
  id: '0f1e2d3c-4b5a-4968-8776-655443322110',
  email: 'admin@pulse.test',
  name: 'Ada Admin',
  orgRole: null,
  platformRole: 'SUPERADMIN',
  organization: null,
  viewableOrganizations: [ACME, GLOBEX],
});

export function makeSession(overrides: Partial<Session> = {}): Session {
  return {
    accessToken: 'access-1',
    accessTokenExpiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
    refreshToken: 'refresh-1',
    user: makeMe(),
    ...overrides,
  };
}

/** Minutes oldest first, the current one last, as the contract says. */
export function makeSummary(overrides: Partial<DashboardSummary> = {}): DashboardSummary {
  const now = Date.now();
  const currentMinute = now - (now % 60_000);
  return {
    organizationId: ACME.id,
    generatedAt: new Date(now).toISOString(),
    activeUsers: 12,
    apiCallsPerMinute: 345,
    loginsLastHour: 7,
    logoutsLastHour: 2,
    productsCreatedToday: 3,
    eventsByTypeToday: { PAGE_VIEW: 12_000, API_CALL: 345 },
    eventsToday: 12_345,
    eventsPerMinute: Array.from({ length: 60 }, (_, index) => ({
      minute: new Date(currentMinute - (59 - index) * 60_000).toISOString(),
      count: index % 7,
    })),
    ...overrides,
  };
}

/** Event `n`, occurred `n` seconds before `base`: higher n is older. */
export function makeEvent(n: number, overrides: Partial<ActivityEventView> = {}, base = Date.now()): ActivityEventView {
  const occurredAt = new Date(base - n * 1000).toISOString();
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    type: 'PAGE_VIEW',
    userId: `user-${n}`,
    sessionId: null,
    occurredAt,
    receivedAt: occurredAt,
    properties: { path: `/page/${n}` },
    ...overrides,
  };
}

/** A day of engagement with nothing folded in yet, unless overridden. */
export function makeEngagement(overrides: Partial<Engagement> = {}): Engagement {
  return { date: new Date().toISOString().slice(0, 10), users: [], reports: [], ...overrides };
}
