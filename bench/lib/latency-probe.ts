import { summarise, type LatencySummary } from './stats.ts';

/**
 * Acceptance and acceptance→live times, measured on one clock (this process's
 * performance.now()). Sampled events are registered when acknowledged; their arrival on the
 * live stream is recorded whichever comes first, since a delta can race the HTTP answer.
 */
export class LatencyProbe {
  private readonly accepts: number[] = [];
  private readonly ackedAt = new Map<string, number>();
  private readonly arrivedAt = new Map<string, number>();
  private readonly sampled = new Set<string>();
  /** Requests the server refused (503) and the sender resent. */
  refusals = 0;

  refused(): void {
    this.refusals++;
  }

  /** Registers the ids that will be sampled, before they are sent. */
  watch(ids: Iterable<string>): void {
    for (const id of ids) this.sampled.add(id);
  }

  /** One request or call answered: its acceptance latency, and the sampled ids it carried. */
  accepted(sentAt: number, ackAt: number, ids: readonly string[] = []): void {
    this.accepts.push(ackAt - sentAt);
    for (const id of ids) this.ackedAt.set(id, ackAt);
  }

  /** An event seen on the live stream (cheap for events that are not sampled). */
  arrived(id: string, at: number): void {
    if (this.sampled.has(id) && !this.arrivedAt.has(id)) this.arrivedAt.set(id, at);
  }

  /** How many sampled events have not arrived yet. */
  pendingLive(): number {
    return this.sampled.size - this.arrivedAt.size;
  }

  acceptance(): LatencySummary {
    return summarise(this.accepts);
  }

  live(): LatencySummary & { missing: number } {
    const samples: number[] = [];
    for (const [id, ack] of this.ackedAt) {
      const arrived = this.arrivedAt.get(id);
      if (arrived !== undefined) samples.push(arrived - ack);
    }
    return { ...summarise(samples), missing: this.sampled.size - this.arrivedAt.size };
  }
}
