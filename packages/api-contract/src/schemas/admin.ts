import { z } from 'zod';

export const RebuildCountersResult = z.object({
  organizationId: z.uuid(),
  /** Stored events the rebuilt counters were computed from. */
  events: z.int(),
  /** Batches marked as counted, so their jobs do not count them again. */
  batches: z.int(),
});
export type RebuildCountersResult = z.output<typeof RebuildCountersResult>;
