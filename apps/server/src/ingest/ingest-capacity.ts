import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { RetryLaterError } from '@pulse/api-contract/errors';
import { errorFields, type Logger } from '../log.ts';

export type UnavailableReason = 'redis_unreachable' | 'queue_full' | 'queue_error';

/** Seconds a sender is asked to wait: the queue drains in seconds, Redis comes back slower. */
const RETRY_AFTER_SECONDS: Record<UnavailableReason, number> = { queue_full: 2, redis_unreachable: 5, queue_error: 5 };

const MESSAGES: Record<UnavailableReason, string> = {
  queue_full: 'Pulse is behind on storing events and takes no more for now.',
  redis_unreachable: 'Pulse cannot reach its queue (Redis) and takes no events for now.',
  queue_error: 'The batch could not be queued.',
};

/** Ingest refused as a whole: nothing of the call was accepted, so resending it is safe. */
export class IngestUnavailable extends RetryLaterError {
  readonly reason: UnavailableReason;

  constructor(reason: UnavailableReason, options?: ErrorOptions) {
    const retryAfterSeconds = RETRY_AFTER_SECONDS[reason];
    super(`${MESSAGES[reason]} Retry in ${retryAfterSeconds} s with the same event ids.`, retryAfterSeconds, options);
    this.reason = reason;
  }
}

/** Job states that are waiting for a worker: retries in backoff sit in `delayed`. */
const WAITING_STATES = ['wait', 'prioritized', 'delayed'] as const;

type Dependencies = {
  /**
   * The pipeline queues. Each step must keep up: a step that falls behind (say
   * `analytics-processing` under a long burst) would otherwise grow its queue without bound.
   */
  queues: Queue[];
  /** The queues' fail-fast connection: its status tells whether Redis is reachable. */
  connection: Redis;
  /** Jobs waiting in any one pipeline queue at which ingest stops accepting. */
  maxQueueDepth: number;
  /** How long one depth reading is trusted. */
  refreshMs?: number;
  log: Logger;
};

/**
 * Admission control for ingest. Answers from memory: the connection status (no round trip)
 * and a queue depth read at most every `refreshMs` in the background, so a busy API process
 * adds one Redis call per quarter second, not one per request. A reading can be up to
 * `refreshMs` old, so the queue may overshoot the limit by what arrives in that time.
 */
export function createIngestCapacity({ queues, connection, maxQueueDepth, refreshMs = 250, log }: Dependencies) {
  let depth = 0;
  let readAt = 0;
  let reading: Promise<void> | null = null;
  let refusing: UnavailableReason | null = null;

  const note = (reason: UnavailableReason | null) => {
    if (reason === refusing) return;
    if (reason) log.warn('ingest refusing events', { reason, depth, maxQueueDepth });
    else log.info('ingest accepting events again', { depth });
    refusing = reason;
  };

  function refresh(): void {
    if (reading) return;
    readAt = Date.now();
    reading = Promise.all(queues.map((queue) => queue.getJobCountByTypes(...WAITING_STATES)))
      .then((counts) => {
        depth = Math.max(...counts);
        readAt = Date.now();
      })
      // A failed reading keeps the last one: queue.add reports a real outage on its own.
      .catch((error: unknown) => log.debug('queue depth reading failed', errorFields(error)))
      .finally(() => {
        reading = null;
      });
  }
  refresh();

  return {
    /** Throws IngestUnavailable when nothing more should be accepted; never waits on Redis. */
    assertAccepting(): void {
      if (connection.status !== 'ready') {
        note('redis_unreachable');
        throw new IngestUnavailable('redis_unreachable');
      }
      if (Date.now() - readAt >= refreshMs) refresh();
      if (depth >= maxQueueDepth) {
        note('queue_full');
        throw new IngestUnavailable('queue_full');
      }
      note(null);
    },
    /** The last depth reading (jobs in the deepest pipeline queue), for health and metrics. */
    depth: () => depth,
  };
}

export type IngestCapacity = ReturnType<typeof createIngestCapacity>;
