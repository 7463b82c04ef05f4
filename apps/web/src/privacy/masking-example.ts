import type { MaskingPolicyFields } from '@pulse/api-contract/schemas';

/** Names that carry a person's network identity, as the server hides them (compared case-insensitively). */
const NETWORK_PROPERTIES = ['ip', 'ipaddress', 'ip_address', 'remoteaddress', 'useragent', 'user_agent', 'ua'];

/** A made-up event as an OWNER sees it: the "before" of the example. */
export const EXAMPLE_EVENT = {
  type: 'PAGE_VIEW',
  userId: 'u-48213',
  sessionId: 's-77f2a9',
  properties: { path: '/orders', plan: 'pro', email: 'ana.diaz@example.com', name: 'Ana Díaz', ip: '203.0.113.7', userAgent: 'Firefox/140.0' },
} as const;

type ExampleEvent = { type: string; userId: string; sessionId: string; properties: Record<string, string> };

/**
 * The example as a LEADER or MANAGER would receive it under `policy`. Only an illustration:
 * the masking itself happens on the server, and a real pseudonym is a keyed hash of the id
 * (stable, different per organization), not these fixed strings.
 */
export function maskExample(policy: MaskingPolicyFields): ExampleEvent {
  const hidden = new Set([...(policy.hideNetworkDetails ? NETWORK_PROPERTIES : []), ...policy.personalProperties.map((name) => name.toLowerCase())]);
  const properties = Object.fromEntries(Object.entries(EXAMPLE_EVENT.properties).filter(([name]) => !hidden.has(name.toLowerCase())));
  return {
    type: EXAMPLE_EVENT.type,
    userId: policy.pseudonymizeUserIds ? 'user-Xk3v9QpL2a7M' : EXAMPLE_EVENT.userId,
    sessionId: policy.pseudonymizeUserIds ? 'user-b81TqZ0wYc4e' : EXAMPLE_EVENT.sessionId,
    properties,
  };
}

/** What LEADER and MANAGER see under `policy`, in plain words, one sentence each. */
export function describePolicy(policy: MaskingPolicyFields): string[] {
  const names = policy.personalProperties;
  return [
    policy.pseudonymizeUserIds
      ? 'User and session ids are replaced by stable pseudonyms (“user-…”): they can follow what the same person did, but not tell who it is.'
      : 'User and session ids are shown as they are stored.',
    policy.hideNetworkDetails
      ? 'IP addresses and browser user agents are never sent to them.'
      : 'IP addresses and browser user agents are shown as they are stored.',
    names.length > 0
      ? `These properties are left out wherever they appear, whatever their case: ${names.join(', ')}.`
      : 'No property is left out: every property of an event is shown.',
    'Counts, charts and other totals are the same for every role: masking hides who, not how many.',
  ];
}
