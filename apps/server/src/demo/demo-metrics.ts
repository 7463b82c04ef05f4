import { DEMO_INGEST_KEYS } from '@pulse/db';
import type { MetricSampleInput } from '@pulse/api-contract/schemas';
import type { Logger } from '../log.ts';
import { everyTick, postWithKey } from './demo-sender.ts';

const TICK_MS = 1000;
const ROUTES = ['/api/employees', '/api/candidates', '/api/reports/personality/:id', '/api/ai/consultations/:id/messages'];
/** Every 12 minutes a tenant's API slows down for 3 (Globex half a cycle later and milder), so the demo rule fires and resolves. */
const CYCLE_MS = 12 * 60_000;
const INCIDENT_MS = 3 * 60_000;
const TENANTS: Record<string, { offsetMs: number; slowdown: number; sessions: number }> = {
  acme: { offsetMs: 0, slowdown: 9, sessions: 60 },
  globex: { offsetMs: CYCLE_MS / 2, slowdown: 6, sessions: 25 },
};

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;
/** Log-normal around `median`, the usual shape of latencies. */
const logNormal = (median: number, sigma: number) => median * Math.exp(sigma * Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random()));

/** One second of one demo tenant's metrics: latencies (histogram), sessions, error rate, revenue. */
export function demoMetrics(slug: string, observationsPerSecond: number, now = Date.now()): MetricSampleInput[] {
  const tenant = TENANTS[slug] ?? { offsetMs: 0, slowdown: 5, sessions: 20 };
  const incident = (now + tenant.offsetMs) % CYCLE_MS > CYCLE_MS - INCIDENT_MS;
  const timestamp = new Date(now).toISOString();
  const latencies: MetricSampleInput[] = Array.from({ length: Math.max(1, Math.round(observationsPerSecond)) }, () => ({
    name: 'http_request_duration_seconds',
    type: 'histogram',
    category: 'performance',
    value: logNormal(0.12, 0.5) * (incident ? tenant.slowdown : 1),
    labels: { route: pick(ROUTES) },
    timestamp,
  }));
  const wave = Math.sin((2 * Math.PI * now) / (30 * 60_000));
  const samples: MetricSampleInput[] = [
    ...latencies,
    { name: 'active_sessions', type: 'gauge', category: 'user', value: Math.round(tenant.sessions * (1 + 0.4 * wave) + Math.random() * 5), timestamp },
    { name: 'error_rate', type: 'gauge', category: 'performance', value: (incident ? 0.06 : 0.01) + Math.random() * 0.01, labels: { service: 'api' }, timestamp },
  ];
  if (Math.random() < 0.5) {
    samples.push({ name: 'revenue_total', type: 'counter', category: 'business', value: Math.round(20 + Math.random() * 380), labels: { currency: 'EUR' }, timestamp });
  }
  return samples;
}

/** Demo mode's metrics, sent like any service would, through POST /api/metrics. */
export function startDemoMetrics(options: { url: string; observationsPerSecond: number; log: Logger }) {
  const tick = () =>
    Promise.all(
      DEMO_INGEST_KEYS.map(({ key, organizationSlug }) =>
        postWithKey(`${options.url}/api/metrics`, key, { samples: demoMetrics(organizationSlug, options.observationsPerSecond) }),
      ),
    );
  options.log.info('demo metrics on', { observationsPerSecond: options.observationsPerSecond });
  return everyTick(TICK_MS, tick, options.log, 'demo metrics');
}
