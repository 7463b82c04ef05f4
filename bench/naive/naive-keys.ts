// What the naive design's worker writes to Redis, read back by the benchmark.
import { dayOf } from '@pulse/server/redis/keys.ts';

export const NAIVE_QUEUE = 'activity-log';
/** The source documents' retry policy, on every single-event job. */
export const NAIVE_JOB_OPTIONS = { attempts: 3, backoff: { type: 'exponential', delay: 2000 } } as const;

export const naiveDayCounter = (prefix: string, organizationId: string, day: string) => `${prefix}:naive:${organizationId}:day:${day}`;
export const naiveLiveChannel = (prefix: string) => `${prefix}:naive:live`;
export const naiveCounterFor = (prefix: string, organizationId: string, occurredAt: string) =>
  naiveDayCounter(prefix, organizationId, dayOf(occurredAt));

export type NaiveJob = {
  organizationId: string;
  event: { id: string; type: string; userId?: string; sessionId?: string; occurredAt: string; properties?: Record<string, unknown> };
};
