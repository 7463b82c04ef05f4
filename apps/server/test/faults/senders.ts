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
  /** Events refused with 400 for text Pulse cannot store (then sent again without them). */
  refusedUnstorable: number;
  /** Batches sent again after their 202, as a sender that missed the answer does. */
  resentAfterAccepted: number;
};

/** How the senders misbehave, as real clients do. */
export type SenderBehaviour = {
  /** Events go without occurredAt: every acceptance stamps its own time. */
  withoutTimestamps?: boolean;
  /** Every accepted batch is sent once more, unchanged (ids too), after its 202. */
  resendAccepted?: boolean;
  /** Every n-th batch carries one more event holding a NUL, which Pulse must refuse (400). */
  unstorableEvery?: number;
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
  behaviour?: SenderBehaviour;
};

const BACKOFF_FIRST_MS = 100;
const BACKOFF_MAX_MS = 2000;

class RejectedBatch extends Error {}

/**
 * Concurrent senders that behave like a careful client: every batch is sent until one attempt
 * gets 202, retrying on 5xx, connection failures and timeouts with exponential backoff and
 * jitter, and always resending the SAME events (same ids; same occurredAt unless the behaviour
 * leaves timestamps out). A 4xx other than the refusal of a poison event the behaviour mixed
 * in is a bug in the test or in Pulse and stops the run.
 */
export async function sendAll(options: SendOptions): Promise<SenderStats> {
  const stats: SenderStats = {
    requests: 0,
    accepted: 0,
    unavailable: 0,
    otherServerErrors: 0,
    connectionErrors: 0,
    timeouts: 0,
    mostAttempts: 0,
    refusedUnstorable: 0,
    resentAfterAccepted: 0,
  };
  const behaviour = options.behaviour ?? {};
  let batchNumber = 0;
  const started = Date.now();
  let next = 0;
  let paced = 0;

  /** The batch's events as they go on the wire: without timestamps if the behaviour says so. */
  const wireEvents = (batch: Batch): Record<string, unknown>[] =>
    batch.events.map(({ occurredAt, ...rest }) => (behaviour.withoutTimestamps ? rest : { ...rest, occurredAt }));

  /** The first sending of a batch: every n-th carries a poison event, as the behaviour says. */
  function eventsToSend(batch: Batch): Record<string, unknown>[] {
    const events = wireEvents(batch);
    const every = behaviour.unstorableEvery;
    if (every && batchNumber++ % every === 0) {
      events.splice(Math.floor(Math.random() * (events.length + 1)), 0, { id: crypto.randomUUID(), type: 'custom.fault.poison', properties: { note: 'cannot be stored: \u0000' } });
    }
    return events;
  }

  /** Posts until a 202; a 400 naming one unstorable event drops that event and posts the rest. */
  async function postUntilAccepted(batch: Batch, initial: Record<string, unknown>[]): Promise<number> {
    let events = initial;
    const deadline = Date.now() + options.giveUpAfterMs;
    for (let attempt = 1; ; attempt++) {
      stats.requests++;
      const sentIds = events.map((event) => event.id).join(',');
      try {
        const response = await fetch(`${options.url}/api/ingest`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${batch.key}` },
          body: JSON.stringify({ events }),
          signal: AbortSignal.timeout(options.requestTimeoutMs),
        });
        const answer = (await response.json()) as { ids?: string[]; issues?: { path: unknown[]; code?: string }[] };
        if (response.status === 202) {
          if (answer.ids?.join(',') !== sentIds) throw new RejectedBatch('202 with ids other than the ones sent');
          return attempt;
        }
        const refused = answer.issues?.length === 1 && answer.issues[0]?.code === 'unstorable_text' ? answer.issues[0].path[1] : undefined;
        if (response.status === 400 && typeof refused === 'number' && events[refused]?.type === 'custom.fault.poison') {
          stats.refusedUnstorable++;
          events = events.filter((_, index) => index !== refused);
          continue;
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

  async function sendOne(batch: Batch): Promise<void> {
    const attempts = await postUntilAccepted(batch, eventsToSend(batch));
    stats.accepted++;
    stats.mostAttempts = Math.max(stats.mostAttempts, attempts);
    options.onAccepted(batch);
    if (behaviour.resendAccepted) {
      // The same events again, timestamps still left out: a new acceptance, a new time, same ids.
      await postUntilAccepted(batch, wireEvents(batch));
      stats.resentAfterAccepted++;
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
