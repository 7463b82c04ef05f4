import type { LatencyProbe } from './latency-probe.ts';
import { sleep } from './stats.ts';

export type Batches = { bodies: readonly Buffer<ArrayBuffer>[]; sampledIds: readonly (readonly string[])[] };

type SendOptions = {
  endpoint: string;
  key: string;
  batches: Batches;
  probe: LatencyProbe;
  /** Batches before this index are sent but not measured (warm-up). */
  measureFrom?: number;
};

/** Most times a refused request is resent before the bench gives up on the run. */
const MAX_RESENDS = 30;

/**
 * One batch, resent after `Retry-After` when Pulse refuses it (503: queue full or Redis away),
 * as a well-behaved sender does. Its acceptance latency runs from the first attempt.
 */
async function post(options: SendOptions, index: number): Promise<void> {
  const body = options.batches.bodies[index];
  if (!body) return;
  const sentAt = performance.now();
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(options.endpoint, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.key}`, 'content-type': 'application/json' },
      body,
    });
    const text = await response.text();
    if (response.status === 202) break;
    if (response.status !== 503 || attempt >= MAX_RESENDS) throw new Error(`${options.endpoint} answered ${response.status}: ${text.slice(0, 300)}`);
    options.probe.refused();
    await sleep(Number(response.headers.get('retry-after') ?? 1) * 1000);
  }
  if (index >= (options.measureFrom ?? 0)) options.probe.accepted(sentAt, performance.now(), options.batches.sampledIds[index]);
}

/** Closed loop: `concurrency` senders, each posting the next batch as soon as its last one is answered. */
export async function sendAsFastAsPossible(options: SendOptions & { concurrency: number }): Promise<void> {
  let next = 0;
  const sender = async () => {
    while (next < options.batches.bodies.length) await post(options, next++);
  };
  await Promise.all(Array.from({ length: options.concurrency }, sender));
}

/**
 * Open loop at a fixed request rate: request k starts at t0 + k / rate whether or not earlier
 * ones were answered (as independent services would send), so a slow answer shows up as
 * latency instead of quietly lowering the rate.
 */
export async function sendAtRate(options: SendOptions & { requestsPerSecond: number }): Promise<void> {
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let index = 0; index < options.batches.bodies.length; index++) {
    const due = started + (index * 1000) / options.requestsPerSecond;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    inFlight.push(post(options, index));
  }
  await Promise.all(inFlight);
}
