import type { Batch } from './fault-events.ts';

export type SenderStats = {
  requests: number;
  /** Answers 202: the batch is accepted (an event counts as accepted once any attempt got one). */
  accepted: number;
  /** 503 with Retry-After: Pulse said it could not queue the batch. */
  unavailable: number;
  otherServerErrors: number;
  connectionErrors: number;
  timeouts: number;
  /** The most attempts one batch needed before its 202. */
  mostAttempts: number;
};

export type SendOptions = {
  url: string;
  batches: Batch[];
  concurrency: number;
  /** Pace of first attempts over all senders, so the faults land in the middle of the traffic. */
  eventsPerSecond: number;
  requestTimeoutMs: number;
  /** A batch that is still not accepted after this long fails the run. */
  giveUpAfterMs: number;
  onAccepted(batch: Batch): void;
};

const BACKOFF_FIRST_MS = 100;
const BACKOFF_MAX_MS = 2000;

class RejectedBatch extends Error {}

/**
 * Concurrent senders that behave like a careful client: every batch is sent until one attempt
 * gets 202, retrying on 5xx, connection failures and timeouts with exponential backoff and
 * jitter, and always resending the SAME events (same ids, same occurredAt). A 4xx is a bug in
 * the test or in Pulse and stops the run.
 */
export async function sendAll(options: SendOptions): Promise<SenderStats> {
  const stats: SenderStats = { requests: 0, accepted: 0, unavailable: 0, otherServerErrors: 0, connectionErrors: 0, timeouts: 0, mostAttempts: 0 };
  const started = Date.now();
  let next = 0;
  let paced = 0;

  async function sendOne(batch: Batch): Promise<void> {
    const body = JSON.stringify({ events: batch.events });
    const sentIds = batch.events.map((event) => event.id).join(',');
    const deadline = Date.now() + options.giveUpAfterMs;
    for (let attempt = 1; ; attempt++) {
      stats.requests++;
      try {
        const response = await fetch(`${options.url}/api/ingest`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${batch.key}` },
          body,
          signal: AbortSignal.timeout(options.requestTimeoutMs),
        });
        const answer = (await response.json()) as { ids?: string[] };
        if (response.status === 202) {
          if (answer.ids?.join(',') !== sentIds) throw new RejectedBatch('202 with ids other than the ones sent');
          stats.accepted++;
          stats.mostAttempts = Math.max(stats.mostAttempts, attempt);
          options.onAccepted(batch);
          return;
        }
        if (response.status < 500) throw new RejectedBatch(`answer ${response.status}: ${JSON.stringify(answer).slice(0, 500)}`);
        if (response.status === 503) stats.unavailable++;
        else stats.otherServerErrors++;
      } catch (error) {
        if (error instanceof RejectedBatch) throw error;
        if (error instanceof DOMException && error.name === 'TimeoutError') stats.timeouts++;
        else stats.connectionErrors++;
      }
      if (Date.now() > deadline) throw new Error(`a batch was not accepted within ${options.giveUpAfterMs} ms (${attempt} attempts)`);
      const backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** (attempt - 1));
      await new Promise((resolve) => setTimeout(resolve, backoff * (0.5 + Math.random() / 2)));
    }
  }

  async function sender(): Promise<void> {
    while (next < options.batches.length) {
      const batch = options.batches[next++];
      if (!batch) return;
      const due = started + (paced / options.eventsPerSecond) * 1000;
      paced += batch.events.length;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      await sendOne(batch);
    }
  }

  await Promise.all(Array.from({ length: options.concurrency }, sender));
  return stats;
}
