import type { LiveItem, PulseServices } from '@pulse/api-contract/router';
import type { ActivityDelta, ActivityEventView, Engagement, EngagementInput, UserActor } from '@pulse/api-contract/schemas';
import type { MaskingPolicies } from './masking-policy.service.ts';

type UnmaskedReads = {
  /** Only what `viewer` may see (their scope): masking comes on top. */
  recent(organizationId: string, limit: number, viewer: UserActor): Promise<ActivityEventView[]>;
  engagement(organizationId: string, input: EngagementInput): Promise<Engagement>;
  activity(organizationId: string, lastEventId: string | null, signal: AbortSignal, viewer: UserActor): AsyncIterable<LiveItem<ActivityDelta>>;
};

/**
 * The reads that carry people (recent events, the live activity stream, most active users),
 * masked for their viewer on the server: a lower role's network answers never hold what the
 * policy hides. The live stream asks for the policy per delta (cached), so a change applies to
 * open streams within the cache time.
 */
export function maskedReads(masking: MaskingPolicies, reads: UnmaskedReads) {
  return {
    recent: (async (organizationId, limit, viewer) => {
      const [masker, events] = await Promise.all([masking.maskerFor(organizationId, viewer), reads.recent(organizationId, limit, viewer)]);
      return events.map(masker.event);
    }) satisfies PulseServices['events']['recent'],

    engagement: (async (organizationId, input, viewer) => {
      const [masker, engagement] = await Promise.all([masking.maskerFor(organizationId, viewer), reads.engagement(organizationId, input)]);
      return masker.engagement(engagement);
    }) satisfies PulseServices['dashboards']['engagement'],

    activity: async function* (organizationId, lastEventId, signal, viewer) {
      for await (const item of reads.activity(organizationId, lastEventId, signal, viewer)) {
        const masker = await masking.maskerFor(organizationId, viewer);
        yield { id: item.id, data: { events: item.data.events.map(masker.event) } };
      }
    } satisfies PulseServices['live']['activity'],
  };
}
