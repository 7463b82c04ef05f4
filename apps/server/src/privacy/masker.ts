import { createHmac } from 'node:crypto';
import type { ActivityEventView, Engagement, MaskingPolicyFields, UserActor } from '@pulse/api-contract/schemas';

/** Property names that carry a person's network identity, compared case-insensitively. */
const NETWORK_PROPERTIES = ['ip', 'ipaddress', 'ip_address', 'remoteaddress', 'useragent', 'user_agent', 'ua'];

/** OWNER, platform ADMIN and SUPERADMIN see the data as stored; everyone else is masked. */
export function seesPersonalData(viewer: UserActor): boolean {
  return viewer.orgRole === 'OWNER' || viewer.platformRole === 'ADMIN' || viewer.platformRole === 'SUPERADMIN';
}

export type Masker = {
  userId(id: string | null): string | null;
  event(event: ActivityEventView): ActivityEventView;
  engagement(engagement: Engagement): Engagement;
};

const UNMASKED: Masker = { userId: (id) => id, event: (event) => event, engagement: (engagement) => engagement };

/**
 * The masker for one viewer of one organization. Pseudonyms are an HMAC of organization and id
 * under a key derived from the server secret: stable across answers and live streams (so a
 * viewer can still follow "the same person"), different per organization, not reversible
 * without the secret.
 */
export function createMaskerFactory(secret: string) {
  const key = createHmac('sha256', secret).update('pulse:pseudonyms:v1').digest();
  const pseudonym = (organizationId: string, id: string) => `user-${createHmac('sha256', key).update(`${organizationId}\u0000${id}`).digest('base64url').slice(0, 12)}`;

  return function maskerFor(policy: MaskingPolicyFields, organizationId: string, viewer: UserActor): Masker {
    if (seesPersonalData(viewer)) return UNMASKED;
    const hidden = new Set([...(policy.hideNetworkDetails ? NETWORK_PROPERTIES : []), ...policy.personalProperties.map((name) => name.toLowerCase())]);
    const userId = (id: string | null) => (id !== null && policy.pseudonymizeUserIds ? pseudonym(organizationId, id) : id);
    const withoutHidden = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(withoutHidden);
      if (value === null || typeof value !== 'object') return value;
      return Object.fromEntries(Object.entries(value).filter(([name]) => !hidden.has(name.toLowerCase())).map(([name, item]) => [name, withoutHidden(item)]));
    };
    return {
      userId,
      event: (event) => ({ ...event, userId: userId(event.userId), sessionId: userId(event.sessionId), properties: withoutHidden(event.properties) as Record<string, unknown> }),
      engagement: (engagement) => ({ ...engagement, users: engagement.users.map((user) => ({ ...user, userId: userId(user.userId) ?? user.userId })) }),
    };
  };
}

export type MaskerFactory = ReturnType<typeof createMaskerFactory>;
