import type { Dashboard, ShareActor, ShareCreated, ShareView } from '@pulse/api-contract/schemas';
import { PUBLIC_DASHBOARD_PATH } from '@pulse/api-contract/schemas';
import { NotFoundError } from '@pulse/api-contract/errors';
import { makeWidgetsData } from './dashboard-fixtures.ts';
import type { FakeServices } from './fake-services.ts';
import { actorOf } from './trpc-server.ts';
import { makeMe } from './fixtures.ts';

/** The n-th token a test's links get: 43 base64url characters, as the server makes them. */
export const shareToken = (n: number) => `tok${String(n).padStart(4, '0')}${'x'.repeat(36)}`;

/**
 * The shares of one dashboard as the server keeps them, for a test: `create` answers the token
 * once, `list` every link newest first, `revoke` stops it; the public side (`open`, `dashboard`,
 * `widgets`) answers a working token with the dashboard and `valueFor` numbers, anything else
 * NOT_FOUND. `links` starts as given; `createLink` and `revokeLink` do what
 * the owner's calls do, for a test that starts from a link.
 */
export function fakeShares(dashboard: Dashboard, options: { links?: ShareView[]; valueFor?: (widgetId: string) => number } = {}) {
  const links: ShareView[] = [...(options.links ?? [])];
  const tokens = new Map<string, string>();
  const sharer = makeMe({ orgRole: 'OWNER' });
  let created = 0;
  const find = (shareId: string) => {
    const link = links.find((candidate) => candidate.id === shareId);
    if (!link) throw new NotFoundError('No such link.');
    return link;
  };
  const open = (token: string): ShareActor => {
    const shareId = tokens.get(token);
    if (!shareId || !find(shareId).active) throw new NotFoundError('This link does not work: it was revoked or it expired.');
    return { kind: 'share', shareId, organizationId: dashboard.organizationId, dashboardId: dashboard.id, scope: actorOf(sharer) };
  };
  const createLink = (input: { dashboardId: string; expiresAt?: string }): ShareCreated => {
    created += 1;
    const token = shareToken(created);
    const link: ShareView = {
      id: `77777777-7777-4777-8777-${String(created).padStart(12, '0')}`,
      dashboardId: input.dashboardId,
      sharedBy: { userId: sharer.id, name: sharer.name },
      createdAt: new Date().toISOString(),
      expiresAt: input.expiresAt ? new Date(input.expiresAt).toISOString() : null,
      revokedAt: null,
      active: true,
    };
    links.unshift(link);
    tokens.set(token, link.id);
    return { ...link, token, path: `${PUBLIC_DASHBOARD_PATH}${token}` };
  };
  const revokeLink = (shareId: string): ShareView => {
    const link = find(shareId);
    Object.assign(link, { revokedAt: link.revokedAt ?? new Date().toISOString(), active: false });
    return link;
  };
  return {
    links,
    createLink,
    revokeLink,
    services: {
      shares: {
        create: (_actor, _organizationId, input) => createLink(input),
        list: (_actor, _organizationId, input) => ({ items: links.filter((link) => link.dashboardId === input.dashboardId) }),
        revoke: (_actor, _organizationId, input) => revokeLink(input.shareId),
        open,
        dashboard: () => ({
          name: dashboard.name,
          layoutConfig: dashboard.layoutConfig,
          widgetPreferences: dashboard.widgetPreferences,
          themeSettings: dashboard.themeSettings,
          version: dashboard.version,
          updatedAt: dashboard.updatedAt,
          expiresAt: null,
        }),
        widgets: () => makeWidgetsData(dashboard, 1, options.valueFor),
      },
    } satisfies FakeServices,
  };
}
