import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateAlertRuleInput } from '@pulse/api-contract';
import { startTestPulse, type TestPulse } from '../testing/start-test-pulse.ts';

// Finding 8 of issue 11: NUL and lone surrogates in these three inputs reached Postgres and came
// back as 500 with its error text. Over real HTTP, each must be a 400 that names the field.
let t: TestPulse;
beforeAll(async () => {
  t = await startTestPulse();
});
afterAll(async () => t?.close());

async function mutate(token: string, path: string, input: unknown): Promise<{ status: number; text: string }> {
  const response = await fetch(`${t.url}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
  });
  return { status: response.status, text: await response.text() };
}

const tokenOf = async (email: string) => (await t.services.auth.login({ email, password: 'pulse-demo' })).accessToken;
const rule = (name: string): CreateAlertRuleInput => ({
  name,
  description: '',
  enabled: false,
  source: { kind: 'metric', metricName: 'checkout_latency_seconds', aggregation: 'avg', windowSeconds: 30, labels: {} },
  operator: '>',
  thresholds: [{ severity: 'high', value: 1, forSeconds: 1 }],
  keepFiringForSeconds: 0,
  labels: { team: 'payments' },
  notifyOrgRoles: [],
  webhook: null,
});

/** A 400 naming the field, with none of Postgres' wording. */
function expectRefused(answer: { status: number; text: string }, field: string) {
  expect(answer.status).toBe(400);
  expect(answer.text).toContain(field);
  expect(answer.text).not.toMatch(/invalid byte sequence|unsupported Unicode|\\u0000 cannot be converted|syntax for type/i);
}

describe.each([
  ['NUL', '\u0000'],
  ['a lone surrogate', '\ud800'],
])('%s in text is refused before Postgres', (_, bad) => {
  it('metrics.record labels', async () => {
    const sample = { id: randomUUID(), name: 'labelled', type: 'gauge', category: 'system', value: 1, labels: { host: `web${bad}` } };
    expectRefused(await mutate(await tokenOf('owner@acme.test'), 'metrics.record', { samples: [sample] }), 'labels');
  });

  it('alerts.rules.create name', async () => {
    expectRefused(await mutate(await tokenOf('admin@acme.test'), 'alerts.rules.create', rule(`Latency${bad}`)), 'name');
  });

  it('alerts.silences.create comment', async () => {
    const admin = await t.callerFor('admin@acme.test');
    const { id } = await admin.alerts.rules.create(rule(`Silenced ${randomUUID()}`));
    const silence = { ruleId: id, matchers: [{ name: 'team', op: '=', value: 'payments' }], durationSeconds: 600, comment: `deploy${bad}` };
    expectRefused(await mutate(await tokenOf('admin@acme.test'), 'alerts.silences.create', silence), 'comment');
  });
});
