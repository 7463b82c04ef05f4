import type { Me, OrganizationSummary, Session } from '@pulse/api-contract/schemas';

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
