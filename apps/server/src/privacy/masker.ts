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
  /** Whether values of this event property (`ip`, `page.userAgent`) are hidden: a widget grouped by it shows pseudonyms. */
  hidesProperty(name: string): boolean;
};

const UNMASKED: Masker = { userId: (id) => id, event: (event) => event, engagement: (engagement) => engagement, hidesProperty: () => false };

/** Pseudonyms as an HMAC under a key derived from the server secret for one purpose. */
function keyedPseudonyms(secret: string, purpose: string) {
  const key = createHmac('sha256', secret).update(purpose).digest();
  return (namespace: string, id: string) => `user-${createHmac('sha256', key).update(`${namespace}\u0000${id}`).digest('base64url').slice(0, 12)}`;
}

/** A masker hiding the `hidden` property names (lower case) at any depth and mapping user ids with `userId`. */
function maskerOf(hidden: Set<string>, userId: (id: string | null) => string | null): Masker {
  const withoutHidden = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(withoutHidden);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).filter(([name]) => !hidden.has(name.toLowerCase())).map(([name, item]) => [name, withoutHidden(item)]));
  };
  return {
    userId,
    event: (event) => ({ ...event, userId: userId(event.userId), sessionId: userId(event.sessionId), properties: withoutHidden(event.properties) as Record<string, unknown> }),
    engagement: (engagement) => ({ ...engagement, users: engagement.users.map((user) => ({ ...user, userId: userId(user.userId) ?? user.userId })) }),
    hidesProperty: (name) => name.split('.').some((part) => hidden.has(part.toLowerCase())),
  };
}

/**
 * The masker for one viewer of one organization. Pseudonyms are an HMAC of organization and id
 * under a key derived from the server secret: stable across answers and live streams (so a
 * viewer can still follow "the same person"), different per organization, not reversible
 * without the secret.
 */
export function createMaskerFactory(secret: string) {
  const pseudonym = keyedPseudonyms(secret, 'pulse:pseudonyms:v1');
  return function maskerFor(policy: MaskingPolicyFields, organizationId: string, viewer: UserActor): Masker {
    if (seesPersonalData(viewer)) return UNMASKED;
    const hidden = new Set([...(policy.hideNetworkDetails ? NETWORK_PROPERTIES : []), ...policy.personalProperties.map((name) => name.toLowerCase())]);
    return maskerOf(hidden, (id) => (id !== null && policy.pseudonymizeUserIds ? pseudonym(organizationId, id) : id));
  };
}

export type MaskerFactory = ReturnType<typeof createMaskerFactory>;

/**
 * The masker of a public link, whoever shared it and whatever the policy allows signed-in
 * viewers: every user id pseudonymised under a key of links only, namespaced by the link (the
 * same person keeps one pseudonym within a link, and cannot be matched across links or with
 * the organization's own pseudonyms), network details and the policy's personal properties hidden.
 */
export function createLinkMaskerFactory(secret: string) {
  const pseudonym = keyedPseudonyms(secret, 'pulse:link-pseudonyms:v1');
  return function linkMaskerFor(policy: MaskingPolicyFields, shareId: string): Masker {
    const hidden = new Set([...NETWORK_PROPERTIES, ...policy.personalProperties.map((name) => name.toLowerCase())]);
    return maskerOf(hidden, (id) => (id === null ? null : pseudonym(shareId, id)));
  };
}

export type LinkMaskerFactory = ReturnType<typeof createLinkMaskerFactory>;
