import { errorFields, type Logger } from '../log.ts';

export type StopStep = () => Promise<unknown>;

/**
 * The one shutdown routine. Every part a role starts adds how it stops, right after it started
 * (so a start that fails half way stops what it had); stopping runs the steps in reverse order
 * of start: stop accepting, tell WebSocket clients to reconnect, flush, drain workers, then
 * close the ORM and Redis. A failing step is logged and the next one still runs.
 */
export function createStops(log: Logger) {
  const steps: StopStep[] = [];
  return {
    add(...more: StopStep[]): void {
      steps.push(...more);
    },
    async run(): Promise<void> {
      for (const step of steps.reverse()) await step().catch((error: unknown) => log.warn('shutdown step failed', errorFields(error)));
    },
  };
}

export type Stops = ReturnType<typeof createStops>;
