import type { MikroORM } from '@pulse/db';
import type { Redis } from 'ioredis';
import type { PulseServices } from '@pulse/api-contract/router';
import { createAuthService } from './auth/auth.service.ts';
import type { TokenIssuer } from './auth/tokens.ts';
import { readSummary } from './counters/read-summary.ts';
import { createRecentEvents } from './events/recent-events.ts';
import type { IngestService } from './ingest/ingest.service.ts';
import type { LiveHub } from './live/live-hub.ts';
import { createLiveService } from './live/live.service.ts';
import { asBadRequest } from './trpc/as-bad-request.ts';

type Dependencies = { orm: MikroORM; redis: Redis; prefix: string; tokens: TokenIssuer; ingest: IngestService; hub: LiveHub };

/** The server's implementation of the contract's ports. */
export function createServices({ orm, redis, prefix, tokens, ingest, hub }: Dependencies): PulseServices {
  const summary = (organizationId: string) => readSummary(redis, prefix, organizationId);
  const live = createLiveService({ hub, redis, prefix, summary });
  return {
    auth: createAuthService(orm, tokens),
    events: {
      ingest: (organizationId, events) => asBadRequest(ingest.ingest(organizationId, events), 'Some events were rejected.'),
      recent: createRecentEvents(orm, redis, prefix),
    },
    dashboards: { summary },
    live: { activity: live.activity, counters: live.counters },
  };
}
