import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPulseClient } from '@pulse/api-contract';
import { pageView, postIngest, postMetrics } from '../testing/http-requests.ts';
import { startTestPulse, type TestPulse } from '../testing/start-test-pulse.ts';

const PROMTOOL = process.env.PROMTOOL_PATH ?? '/usr/bin/promtool';
const TOKEN = 'scrape-token-of-this-test';

let t: TestPulse;
beforeAll(async () => {
  t = await startTestPulse({ METRICS_EXPORT_BUSINESS: 'true', METRICS_TOKEN: TOKEN });
});
afterAll(async () => t?.close());

const sample = (name: string, type: string, value: number, labels: Record<string, string> = {}) => ({
  id: randomUUID(),
  name,
  type,
  category: 'business',
  value,
  labels,
  timestamp: new Date().toISOString(),
});

async function scrape(token: string | null = TOKEN): Promise<{ status: number; contentType: string | null; body: string }> {
  const response = await fetch(`${t.url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, contentType: response.headers.get('content-type'), body: await response.text() };
}

describe('GET /metrics', () => {
  beforeAll(async () => {
    await postMetrics(t.url, 'pk_demo_acme', {
      samples: [
        sample('revenue_total', 'counter', 120.5, { currency: 'EUR' }),
        sample('revenue_total', 'counter', 79.5, { currency: 'EUR' }),
        sample('open_orders', 'gauge', 7, { note: 'quote " backslash \\ newline \n end' }),
        sample('basket_value', 'histogram', 42),
      ],
    });
    // the same name as another type in another organization must not break the exposition
    await postMetrics(t.url, 'pk_demo_globex', { samples: [sample('open_orders', 'counter', 3), sample('revenue_total', 'counter', 10, { currency: 'USD' })] });
    await postIngest(t.url, 'pk_demo_acme', { events: [pageView('scraped')] });
  });

  it('passes promtool check metrics (the real one, from Debian’s prometheus package)', async () => {
    expect(existsSync(PROMTOOL), `promtool is missing at ${PROMTOOL}: install it with "apt-get install -y prometheus" (npm test does) or set PROMTOOL_PATH`).toBe(true);
    const { status, contentType, body } = await scrape();
    expect(status).toBe(200);
    expect(contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    const check = spawnSync(PROMTOOL, ['check', 'metrics'], { input: body, encoding: 'utf8' });
    expect({ exit: check.status, output: `${check.stdout}${check.stderr}` }).toEqual({ exit: 0, output: '' });
  });

  it('exports Pulse’s own health: ingest, queues and their lag, live connections, event loop, rollups and evaluations', async () => {
    const session = await t.services.auth.login({ email: 'owner@acme.test', password: 'pulse-demo' });
    const client = createPulseClient({ url: t.url, token: session.accessToken });
    const started = Promise.withResolvers<void>();
    const subscription = client.api.live.counters.subscribe({}, { onData: () => started.resolve() });
    try {
      await started.promise;
      const { body } = await scrape();
      expect(body).toMatch(/^pulse_ingest_events_total 1$/m);
      expect(body).toMatch(/^pulse_ingest_metric_samples_total 6$/m);
      expect(body).toMatch(/^pulse_live_connections 1$/m);
      for (const queue of ['activity-log', 'alert-evaluation', 'metrics-aggregation', 'notification-webhooks']) {
        expect(body).toContain(`pulse_queue_jobs{queue="${queue}",state="waiting"}`);
        expect(body).toContain(`pulse_queue_oldest_waiting_age_seconds{queue="${queue}"}`);
      }
      expect(body).toMatch(/^pulse_event_loop_delay_seconds\{quantile="0.99"\} [0-9.e-]+$/m);
      expect(body).toContain('pulse_rollup_duration_seconds_count{granularity="hour"}');
      expect(body).toContain('pulse_alert_evaluation_duration_seconds_count');
    } finally {
      subscription.unsubscribe();
      client.close();
    }
  });

  it('exports the organizations’ business metrics with an organization label, escaped', async () => {
    const { body } = await scrape();
    expect(body).toContain('# TYPE pulse_business_revenue_total counter');
    expect(body).toContain('pulse_business_revenue_total{organization="acme",currency="EUR"} 200');
    expect(body).toContain('pulse_business_revenue_total{organization="globex",currency="USD"} 10');
    expect(body).toContain('pulse_business_open_orders{organization="acme",note="quote \\" backslash \\\\ newline \\n end"} 7');
    expect(body).toContain('pulse_business_open_orders_total{organization="globex"} 3');
    expect(body).toContain('pulse_business_basket_value_sum{organization="acme"} 42');
    expect(body).toContain('pulse_business_basket_value_count{organization="acme"} 1');
  });

  it('asks for the token when METRICS_TOKEN is set', async () => {
    expect((await scrape(null)).status).toBe(401);
    expect((await scrape('wrong-token-entirely')).status).toBe(401);
  });
});
