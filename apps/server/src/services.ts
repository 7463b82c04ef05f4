import type { MikroORM } from '@pulse/db';
import type { Redis } from 'ioredis';
import { type PulseServices, RetryLaterError } from '@pulse/api-contract/router';
import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { createAuthService } from './auth/auth.service.ts';
import type { TokenIssuer } from './auth/tokens.ts';
import { readSummary } from './counters/read-summary.ts';
import { rebuildCounters, RebuildInProgress } from './counters/rebuild-counters.ts';
import { createRecentEvents } from './events/recent-events.ts';
import type { IngestService } from './ingest/ingest.service.ts';
import type { LiveHub } from './live/live-hub.ts';
import { createLiveService } from './live/live.service.ts';

/**
 * Our own validation beyond the schema (the accepted time window) throws ZodError; the
 * router reports it as BAD_REQUEST with the issues, exactly like a schema failure. A refusal
 * (backpressure, queue failure) becomes SERVICE_UNAVAILABLE with `data.retryAfterSeconds`.
 */
async function asIngestError<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ZodError) throw new TRPCError({ code: 'BAD_REQUEST', message: 'Some events were rejected.', cause: error });
    if (error instanceof RetryLaterError) throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: error.message, cause: error });
    throw error;
  }
}

type Dependencies = { orm: MikroORM; redis: Redis; prefix: string; tokens: TokenIssuer; ingest: IngestService; hub: LiveHub };

/** The server's implementation of the contract's ports. */
export function createServices({ orm, redis, prefix, tokens, ingest, hub }: Dependencies): PulseServices {
  const summary = (organizationId: string) => readSummary(redis, prefix, organizationId);
  const live = createLiveService({ hub, redis, prefix, summary });
  return {
    auth: createAuthService(orm, tokens),
    events: {
      ingest: (organizationId, events) => asIngestError(ingest.ingest(organizationId, events)),
      recent: createRecentEvents(orm, redis, prefix),
    },
    dashboards: { summary },
    live: { activity: live.activity, counters: live.counters },
    admin: {
      async rebuildCounters(organizationId) {
        try {
          return { organizationId, ...(await rebuildCounters(orm, redis, prefix, organizationId)) };
        } catch (error) {
          if (error instanceof RebuildInProgress) throw new TRPCError({ code: 'CONFLICT', message: error.message });
          throw error;
        }
      },
    },
  };
}
