import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postMetrics } from '../testing/http-requests.ts';
import { startTestPulse, type TestPulse } from '../testing/start-test-pulse.ts';

let t: TestPulse;
beforeAll(async () => {
  t = await startTestPulse({ ALERT_EVALUATION_INTERVAL_MS: '200' });
});
afterAll(async () => t?.close());

const WAIT = { timeout: 20_000, interval: 50 };

describe('a restart', () => {
  it('continues the evaluation where it stopped: the pending alert fires once its `for` has passed, counted from before the restart', async () => {
    const admin = await t.callerFor('admin@acme.test');
    const rule = await admin.alerts.rules.create({
      name: 'Disk almost full',
      source: { kind: 'metric', metricName: 'disk_used_ratio', aggregation: 'max', windowSeconds: 600, labels: {} },
      operator: '>',
      thresholds: [{ severity: 'high', value: 0.9, forSeconds: 4 }],
    });
    await postMetrics(t.url, 'pk_demo_acme', { samples: [{ id: randomUUID(), name: 'disk_used_ratio', type: 'gauge', category: 'system', value: 0.95, timestamp: new Date().toISOString() }] });
    await expect.poll(async () => (await admin.alerts.rules.get({ id: rule.id })).state.health, WAIT).toBe('pending');
    const pending = (await admin.alerts.list({ ruleId: rule.id })).items[0];

    await t.restart();

    const after = await t.callerFor('admin@acme.test');
    await expect.poll(async () => (await after.alerts.rules.get({ id: rule.id })).state.health, WAIT).toBe('firing');
    const alerts = (await after.alerts.list({ ruleId: rule.id })).items;
    // the same alert went on: a forgotten state would have started a second one, pending from scratch
    expect(alerts.map((alert) => alert.id)).toEqual([pending?.id]);
    expect(alerts[0]).toMatchObject({ status: 'triggered', startedAt: pending?.startedAt });
    expect(Date.parse(alerts[0]?.triggeredAt as string) - Date.parse(pending?.startedAt as string)).toBeGreaterThanOrEqual(4000);
    const timeline = (await after.alerts.get({ id: pending?.id as string })).timeline.map((event) => event.kind);
    expect(timeline).toEqual(['pending', 'triggered', 'notified']);
  });
});
