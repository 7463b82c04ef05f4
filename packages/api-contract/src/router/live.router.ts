import { tracked } from '@trpc/server';
import { LiveActivityInput, LiveCountersInput } from '../schemas/live.ts';
import { tenantProcedure } from './tenant-procedures.ts';
import { router } from './trpc.ts';

export const liveRouter = router({
  /** Every new event of the organization, one delta per persisted batch, resumable by id. */
  activity: tenantProcedure.input(LiveActivityInput).subscription(async function* ({ ctx, input, signal }) {
    const stream = ctx.services.live.activity(ctx.organizationId, input.lastEventId ?? null, signal ?? new AbortController().signal);
    for await (const item of stream) yield tracked(item.id, item.data);
  }),
  /** The dashboard counters: the current values at once, then after every change. */
  counters: tenantProcedure.input(LiveCountersInput).subscription(async function* ({ ctx, signal }) {
    yield* ctx.services.live.counters(ctx.organizationId, signal ?? new AbortController().signal);
  }),
});
