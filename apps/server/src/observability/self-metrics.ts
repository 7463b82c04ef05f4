import type { Redis } from 'ioredis';

export type DurationName = 'rollup_hour' | 'rollup_day' | 'alert_evaluation';
export type CounterName = 'rollup_organization_failures';

/**
 * Durations measured by workers, kept in Redis so that `GET /metrics` on any API process can
 * export them (workers may be other processes): per name a running sum and count of seconds
 * (a Prometheus summary without quantiles) and the last value; and a few counts of events.
 */
export function createSelfMetrics(redis: Redis, prefix: string) {
  const key = `${prefix}:self-metrics`;
  return {
    async observe(name: DurationName, milliseconds: number): Promise<void> {
      const seconds = milliseconds / 1000;
      await redis.pipeline().hincrbyfloat(key, `${name}:sum`, seconds).hincrby(key, `${name}:count`, 1).hset(key, `${name}:last`, seconds).exec();
    },
    async increment(name: CounterName): Promise<void> {
      await redis.hincrby(key, `${name}:total`, 1);
    },
    async counters(): Promise<Record<CounterName, number>> {
      return { rollup_organization_failures: Number((await redis.hget(key, 'rollup_organization_failures:total')) ?? 0) };
    },
    async read(): Promise<Record<DurationName, { sum: number; count: number; last: number }>> {
      const raw = await redis.hgetall(key);
      const of = (name: DurationName) => ({ sum: Number(raw[`${name}:sum`] ?? 0), count: Number(raw[`${name}:count`] ?? 0), last: Number(raw[`${name}:last`] ?? 0) });
      return { rollup_hour: of('rollup_hour'), rollup_day: of('rollup_day'), alert_evaluation: of('alert_evaluation') };
    },
  };
}

export type SelfMetrics = ReturnType<typeof createSelfMetrics>;
