import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageView, postIngest, postMetrics } from '../testing/http-requests.ts';
import { startTestPulse, type TestPulse } from '../testing/start-test-pulse.ts';

// The scheduled tick runs once at start and then only after an hour: whatever fires here was
// evaluated because a watched value changed.
let t: TestPulse;
beforeAll(async () => {
  t = await startTestPulse({ ALERT_EVALUATION_INTERVAL_MS: '3600000' });
});
afterAll(async () => t?.close());

const WAIT = { timeout: 20_000, interval: 50 };
const base = { description: '', enabled: true, keepFiringForSeconds: 0, labels: {}, notifyOrgRoles: [], webhook: null };

describe('evaluation when a watched value changes', () => {
  it('new samples of a watched metric evaluate its rules at once', async () => {
    const admin = await t.callerFor('admin@acme.test');
    const rule = await admin.alerts.rules.create({
      ...base,
      name: 'Error rate',
      source: { kind: 'metric', metricName: 'error_rate', aggregation: 'max', windowSeconds: 60, labels: { service: 'api' } },
      operator: '>=',
      thresholds: [{ severity: 'critical', value: 0.05, forSeconds: 0 }],
    });
    const sample = (value: number, service: string) => ({ id: randomUUID(), name: 'error_rate', type: 'gauge', category: 'performance', value, labels: { service }, timestamp: new Date().toISOString() });
    // another service's series is not what the rule watches
    await postMetrics(t.url, 'pk_demo_acme', { samples: [sample(0.5, 'batch'), sample(0.01, 'api')] });
    await expect.poll(async () => (await admin.alerts.rules.get({ id: rule.id })).state.value, WAIT).toBe(0.01);
    expect((await admin.alerts.rules.get({ id: rule.id })).state.health).toBe('normal');
    await postMetrics(t.url, 'pk_demo_acme', { samples: [sample(0.08, 'api')] });
    await expect.poll(async () => (await admin.alerts.rules.get({ id: rule.id })).state, WAIT).toMatchObject({ health: 'firing', severity: 'critical', value: 0.08 });
  });

  it('a batch of events that moves a watched live counter evaluates the counter rules at once', async () => {
    const admin = await t.callerFor('admin@globex.test');
    const rule = await admin.alerts.rules.create({
      ...base,
      name: 'Busy day',
      source: { kind: 'counter', counter: 'eventsToday' },
      operator: '>',
      thresholds: [{ severity: 'low', value: 4, forSeconds: 0 }],
    });
    expect((await postIngest(t.url, 'pk_demo_globex', { events: [pageView('g1'), pageView('g2')] })).status).toBe(202);
    await expect.poll(async () => (await admin.alerts.rules.get({ id: rule.id })).state.value, WAIT).toBe(2);
    expect((await postIngest(t.url, 'pk_demo_globex', { events: [pageView('g3'), pageView('g4'), pageView('g5')] })).status).toBe(202);
    await expect.poll(async () => (await admin.alerts.rules.get({ id: rule.id })).state, WAIT).toMatchObject({ health: 'firing', value: 5 });
  });
});
