import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordMetricsBatch, thresholdOrderIssue } from '@pulse/api-contract';
import { DEMO_RULE_NAME, seedDemoAlertRules } from '../src/demo/demo-alert-rules.ts';
import { demoMetrics } from '../src/demo/demo-metrics.ts';
import { postMetrics } from '../testing/http-requests.ts';
import { startTestPulse, type TestPulse } from '../testing/start-test-pulse.ts';

let t: TestPulse;
beforeAll(async () => {
  t = await startTestPulse({ ALERT_EVALUATION_INTERVAL_MS: '200' });
});
afterAll(async () => t?.close());

describe('demo alerting', () => {
  it('sends valid samples, slower during the periodic incident', () => {
    const quiet = demoMetrics('acme', 50, Date.parse('2026-01-01T00:00:00Z'));
    const incident = demoMetrics('acme', 50, Date.parse('2026-01-01T00:10:00Z'));
    for (const samples of [quiet, incident, demoMetrics('globex', 4)]) expect(RecordMetricsBatch.safeParse({ samples }).success).toBe(true);
    const median = (samples: typeof quiet) => {
      const values = samples.filter((s) => s.name === 'http_request_duration_seconds').map((s) => s.value as number).sort((a, b) => a - b);
      return values[Math.floor(values.length / 2)] as number;
    };
    expect(median(incident)).toBeGreaterThan(3 * median(quiet));
  });

  it('seeds one rule per organization once, which the demo latencies put into pending', async () => {
    expect(await seedDemoAlertRules(t.pulse.orm)).toBe(2);
    expect(await seedDemoAlertRules(t.pulse.orm)).toBe(0);
    const admin = await t.callerFor('admin@acme.test');
    const [rule] = (await admin.alerts.rules.list({})).rules.filter((r) => r.name === DEMO_RULE_NAME);
    expect(rule).toBeDefined();
    expect(thresholdOrderIssue(rule?.operator ?? '>', rule?.thresholds ?? [])).toBeNull();
    await postMetrics(t.url, 'pk_demo_acme', { samples: demoMetrics('acme', 200, Date.now() - (Date.now() % (12 * 60_000)) + 10 * 60_000).map((s) => ({ ...s, timestamp: new Date().toISOString() })) });
    await expect.poll(async () => (await admin.alerts.rules.get({ id: rule?.id as string })).state.health, { timeout: 20_000, interval: 100 }).toBe('pending');
  });
});
