import { z } from 'zod';
import { ActivityEventView } from './events.ts';
import { TenantInput } from './scope.ts';

/**
 * `lastEventId` is filled in by tRPC when a client reconnects, so the stream resumes after the
 * last delta it saw instead of skipping what happened while it was away.
 */
export const LiveActivityInput = TenantInput.extend({ lastEventId: z.string().max(64).nullish() });
export type LiveActivityInput = z.output<typeof LiveActivityInput>;

/** One delta: the new events of one persisted batch of one organization, newest last. */
export const ActivityDelta = z.object({ events: z.array(ActivityEventView) });
export type ActivityDelta = z.output<typeof ActivityDelta>;

export const LiveCountersInput = TenantInput;
