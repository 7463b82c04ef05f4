import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPulseClient, type AlertStreamItem, type CreateAlertRuleInput, type NotificationChange } from '@pulse/api-contract';
import { runSql } from '@pulse/db';
import { createAlertPublisher } from '../src/alerts/alert-publisher.ts';
import { evaluateRule } from '../src/alerts/evaluate-rule.ts';
import { readSummary } from '../src/counters/read-summary.ts';
import { createMetricRecorder } from '../src/metrics/metric-recorder.ts';
import { verifyWebhook } from '../src/notifications/webhook-signature.ts';
import { postMetrics } from '../testing/http-requests.ts';
import { startTestPulse, type TestPulse } from '../testing/start-test-pulse.ts';

let t: TestPulse;
const clients: ReturnType<typeof createPulseClient>[] = [];
beforeAll(async () => {
  t = await startTestPulse({ ALERT_EVALUATION_INTERVAL_MS: '200' });
});
afterAll(async () => {
  for (const client of clients) client.close();
  await t?.close();
});

const WAIT = { timeout: 20_000, interval: 50 };

async function clientFor(email: string) {
  const session = await t.services.auth.login({ email, password: 'pulse-demo' });
  const client = createPulseClient({ url: t.url, token: session.accessToken });
  clients.push(client);
  return client;
}

/** Subscribes and resolves once the server listens (as the live tests do), collecting every item. */
async function watchAlerts(email: string, organizationId?: string) {
  const client = await clientFor(email);
  const items: AlertStreamItem[] = [];
  const errors: unknown[] = [];
  const started = Promise.withResolvers<void>();
  client.api.live.alerts.subscribe(organizationId ? { organizationId } : {}, {
    onStarted: () => started.resolve(),
    onData: (item) => items.push(item.data),
    onError: (error) => {
      errors.push(error);
      started.resolve();
    },
  });
  await started.promise;
  await new Promise((resolve) => setTimeout(resolve, 200));
  return { items, errors };
}

async function watchNotifications(email: string) {
  const client = await clientFor(email);
  const changes: NotificationChange[] = [];
  const first = Promise.withResolvers<void>();
  client.api.live.notifications.subscribe(undefined, {
    onData: (change) => {
      changes.push(change);
      first.resolve();
    },
  });
  await first.promise;
  return changes;
}

const metric = (name: string, value: number, count = 1) => ({
  samples: Array.from({ length: count }, () => ({ id: randomUUID(), name, type: 'gauge', category: 'performance', value, timestamp: new Date().toISOString() })),
});

function latencyRule(extra: Partial<CreateAlertRuleInput> = {}): CreateAlertRuleInput {
  return {
    name: 'Checkout latency',
    description: 'Average checkout latency',
    enabled: true,
    source: { kind: 'metric', metricName: 'checkout_latency_seconds', aggregation: 'avg', windowSeconds: 30, labels: {} },
    operator: '>',
    thresholds: [
      { severity: 'high', value: 1, forSeconds: 1 },
      { severity: 'critical', value: 5, forSeconds: 1 },
    ],
    keepFiringForSeconds: 0,
    labels: { team: 'payments' },
    notifyOrgRoles: ['OWNER'],
    webhook: null,
    ...extra,
  };
}

describe('the alert lifecycle', () => {
  let ruleId: string;
  let firstAlertId: string;
  let acme: Awaited<ReturnType<typeof watchAlerts>>;
  let globex: Awaited<ReturnType<typeof watchAlerts>>;
  let ownerChanges: NotificationChange[];

  beforeAll(async () => {
    acme = await watchAlerts('admin@acme.test');
    globex = await watchAlerts('admin@globex.test');
    ownerChanges = await watchNotifications('owner@acme.test');
  });

  it('samples push a rule over its threshold: pending, then triggered after its `for`, to its organization only', async () => {
    const admin = await t.callerFor('admin@acme.test');
    ruleId = (await admin.alerts.rules.create(latencyRule())).id;
    expect((await postMetrics(t.url, 'pk_demo_acme', metric('checkout_latency_seconds', 2, 3))).status).toBe(202);

    await expect.poll(() => acme.items.find((item) => item.event === 'triggered'), WAIT).toBeDefined();
    const triggered = acme.items.find((item) => item.event === 'triggered') as AlertStreamItem;
    expect(triggered).toMatchObject({ type: 'alertNotification', alert: { state: 'triggered', severity: 'high', rule: { id: ruleId }, labels: { team: 'payments' } } });
    firstAlertId = triggered.alert.id;
    expect(acme.items[0]).toMatchObject({ type: 'alertUpdate', event: 'pending' });
    expect(Date.parse(triggered.alert.triggeredAt as string) - Date.parse(triggered.alert.startedAt)).toBeGreaterThanOrEqual(1000);
    // Globex's administrator listens to Globex: nothing of Acme's arrives there.
    expect(globex.items).toEqual([]);
    expect(globex.errors).toEqual([]);

    const list = await admin.alerts.list({ status: ['triggered'] });
    expect(list.items.map((alert) => alert.id)).toEqual([firstAlertId]);
    expect(await admin.alerts.counts({})).toMatchObject({ triggered: 1, pending: 0 });
    const rule = await admin.alerts.rules.get({ id: ruleId });
    expect(rule.state).toMatchObject({ health: 'firing', alertId: firstAlertId, severity: 'high', value: 2 });
  });

  it('notifies the organization’s admins, the rule’s roles and the platform admins, in-app and live, with a delivery log each', async () => {
    const unread = async (email: string) => (await (await t.callerFor(email)).notifications.unreadCount()).count;
    await expect.poll(() => unread('owner@acme.test'), WAIT).toBe(1);
    expect(await unread('admin@acme.test')).toBe(1);
    expect(await unread('admin@pulse.test')).toBe(1);
    expect(await unread('manager@acme.test')).toBe(0);
    expect(await unread('admin@globex.test')).toBe(0);
    await expect.poll(() => ownerChanges.at(-1)?.unreadCount, WAIT).toBe(1);
    expect(ownerChanges.at(-1)?.notification).toMatchObject({ title: '[high] Checkout latency triggered', alertId: firstAlertId, ruleId });

    const logs = await runSql<{ channel: string; status: string }>(t.pulse.orm.em.fork(), 'SELECT channel, status FROM notification_delivery_logs WHERE alert_id = $1 ORDER BY channel', [firstAlertId]);
    expect(logs).toEqual([
      { channel: 'in_app', status: 'delivered' },
      { channel: 'in_app', status: 'delivered' },
      { channel: 'in_app', status: 'delivered' },
      { channel: 'live', status: 'sent' },
    ]);

    const owner = await t.callerFor('owner@acme.test');
    const list = await owner.notifications.list({});
    expect(list.unreadCount).toBe(1);
    expect(await owner.notifications.markRead({ ids: [list.items[0]?.id as string] })).toEqual({ updated: 1, unreadCount: 0 });
    await expect.poll(() => ownerChanges.at(-1)?.unreadCount, WAIT).toBe(0);
    const [read] = await runSql<{ status: string }>(t.pulse.orm.em.fork(), `SELECT d.status FROM notification_delivery_logs d JOIN users u ON u.id = d.user_id WHERE u.email = 'owner@acme.test'`, []);
    expect(read?.status).toBe('read');
    // Nobody touches another's notifications: the manager marks all of theirs, none of the owner's change.
    expect((await (await t.callerFor('manager@acme.test')).notifications.markRead({ all: true })).updated).toBe(0);
  });

  it('a person acknowledges (once), then resolves; a condition that still holds raises a new alert after its `for`', async () => {
    const admin = await t.callerFor('admin@acme.test');
    const acknowledged = await admin.alerts.acknowledge({ id: firstAlertId, comment: 'Looking into it' });
    expect(acknowledged).toMatchObject({ status: 'acknowledged', acknowledgeComment: 'Looking into it', acknowledgedBy: { email: 'admin@acme.test' } });
    await expect(admin.alerts.acknowledge({ id: firstAlertId })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect.poll(() => acme.items.some((item) => item.event === 'acknowledged' && item.alert.id === firstAlertId), WAIT).toBe(true);

    const detail = await admin.alerts.get({ id: firstAlertId });
    expect(detail.timeline.map((event) => event.kind)).toEqual(['pending', 'triggered', 'notified', 'acknowledged']);
    expect(detail.timeline[3]).toMatchObject({ actor: { email: 'admin@acme.test' }, comment: 'Looking into it' });
    expect(detail.rule.id).toBe(ruleId);
    expect(detail.series.points.some((point) => point.value === 2)).toBe(true);

    const resolved = await admin.alerts.resolve({ id: firstAlertId, comment: 'Rolled back' });
    expect(resolved).toMatchObject({ status: 'resolved', resolution: 'manual', resolvedBy: { email: 'admin@acme.test' } });
    await expect(admin.alerts.resolve({ id: firstAlertId })).rejects.toMatchObject({ code: 'CONFLICT' });

    await expect.poll(async () => (await admin.alerts.list({ status: ['triggered'] })).items.length, WAIT).toBe(1);
    const again = (await admin.alerts.list({ status: ['triggered'] })).items[0];
    expect(again?.id).not.toBe(firstAlertId);
    expect(Date.parse(again?.triggeredAt as string) - Date.parse(again?.startedAt as string)).toBeGreaterThanOrEqual(1000);

    const audit = await runSql<{ action: string }>(t.pulse.orm.em.fork(), `SELECT action FROM audit_logs WHERE target_id IN ($1, $2) ORDER BY created_at`, [ruleId, firstAlertId]);
    expect(audit.map((row) => row.action)).toEqual(['alert_rule.create', 'alert.acknowledged', 'alert.resolved']);
  });

  it('a silence mutes the alert at once; its severity still moves; expiring it tells people; it resolves by itself when the condition clears', async () => {
    const admin = await t.callerFor('admin@acme.test');
    const open = (await admin.alerts.list({ status: ['triggered'] })).items[0];
    const silence = await admin.alerts.silences.create({ ruleId, matchers: [{ name: 'team', op: '=', value: 'payments' }], durationSeconds: 600, comment: 'deploy' });
    expect(silence).toMatchObject({ active: true, silencedAlerts: 1, rule: { id: ruleId } });
    expect((await admin.alerts.list({ silenced: true })).items.map((alert) => alert.id)).toEqual([open?.id]);
    const silencedView = (await admin.alerts.get({ id: open?.id as string })).alert;
    expect(silencedView).toMatchObject({ state: 'silenced', status: 'triggered', silence: { id: silence.id } });
    const owner = await t.callerFor('owner@acme.test');
    const unreadBefore = (await owner.notifications.unreadCount()).count;

    await postMetrics(t.url, 'pk_demo_acme', metric('checkout_latency_seconds', 20, 10));
    await expect.poll(() => acme.items.find((item) => item.event === 'severity_raised' && item.alert.id === open?.id), WAIT).toBeDefined();
    expect(acme.items.find((item) => item.event === 'severity_raised')).toMatchObject({ type: 'alertUpdate', alert: { severity: 'critical', state: 'silenced' } });
    expect((await owner.notifications.unreadCount()).count).toBe(unreadBefore);

    const expired = await admin.alerts.silences.expire({ id: silence.id });
    expect(expired).toMatchObject({ active: false, expiredBy: { email: 'admin@acme.test' } });
    expect((await admin.alerts.silences.list({ active: true })).items).toEqual([]);
    await expect.poll(() => acme.items.find((item) => item.event === 'unsilenced'), WAIT).toMatchObject({ type: 'alertNotification', alert: { state: 'triggered' } });
    expect((await owner.notifications.unreadCount()).count).toBe(unreadBefore + 1);

    await postMetrics(t.url, 'pk_demo_acme', metric('checkout_latency_seconds', 0, 500));
    await expect.poll(() => acme.items.find((item) => item.event === 'resolved' && item.alert.id === open?.id), WAIT).toMatchObject({
      type: 'alertNotification',
      alert: { status: 'resolved', resolution: 'auto', resolvedBy: null },
    });
    expect((await admin.alerts.rules.get({ id: ruleId })).state).toMatchObject({ health: 'normal', alertId: null });
    const kinds = (await admin.alerts.get({ id: open?.id as string })).timeline.map((event) => event.kind);
    expect(kinds).toEqual(['pending', 'triggered', 'notified', 'silenced', 'severity_raised', 'unsilenced', 'notified', 'resolved', 'notified']);
  });

  it('disabling a rule closes its open alert', async () => {
    const admin = await t.callerFor('admin@acme.test');
    const rule = await admin.alerts.rules.create(latencyRule({ name: 'Always on', source: { kind: 'metric', metricName: 'always_high', aggregation: 'max', windowSeconds: 600, labels: {} }, thresholds: [{ severity: 'low', value: 0, forSeconds: 0 }] }));
    await postMetrics(t.url, 'pk_demo_acme', metric('always_high', 1));
    await expect.poll(async () => (await admin.alerts.rules.get({ id: rule.id })).state.health, WAIT).toBe('firing');
    const disabled = await admin.alerts.rules.setEnabled({ id: rule.id, enabled: false });
    expect(disabled).toMatchObject({ enabled: false, state: { alertId: null } });
    const closed = (await admin.alerts.list({ ruleId: rule.id })).items[0];
    expect(closed).toMatchObject({ status: 'resolved', resolution: 'manual' });
  });
});

describe('rules', () => {
  it('validate the thresholds’ order and the watched value', async () => {
    const admin = await t.callerFor('admin@acme.test');
    await expect(admin.alerts.rules.create(latencyRule({ thresholds: [{ severity: 'high', value: 5, forSeconds: 0 }, { severity: 'critical', value: 1, forSeconds: 0 }] }))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    const rule = await admin.alerts.rules.create(latencyRule({ name: 'Editable' }));
    await expect(admin.alerts.rules.update({ id: rule.id, operator: '<' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const updated = await admin.alerts.rules.update({ id: rule.id, name: 'Edited', webhook: { url: 'http://127.0.0.1:9/hook', secret: 's'.repeat(16) } });
    expect(updated).toMatchObject({ name: 'Edited', webhook: { url: 'http://127.0.0.1:9/hook', secretSet: true }, thresholds: [{ severity: 'critical' }, { severity: 'high' }] });
    expect(JSON.stringify(updated)).not.toContain('s'.repeat(16));
    const [audit] = await runSql<{ details: unknown }>(t.pulse.orm.em.fork(), `SELECT details FROM audit_logs WHERE action = 'alert_rule.update' AND target_id = $1`, [rule.id]);
    expect(JSON.stringify(audit?.details)).not.toContain('s'.repeat(16));
    await admin.alerts.rules.delete({ id: rule.id });
    await expect(admin.alerts.rules.get({ id: rule.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('preview the current value against each threshold, with the history of windows', async () => {
    await postMetrics(t.url, 'pk_demo_globex', metric('queue_wait_seconds', 3, 2));
    const admin = await t.callerFor('admin@globex.test');
    const preview = await admin.alerts.rules.preview({
      source: { kind: 'metric', metricName: 'queue_wait_seconds', aggregation: 'max', windowSeconds: 60, labels: {} },
      operator: '>=',
      thresholds: [
        { severity: 'medium', value: 2, forSeconds: 0 },
        { severity: 'critical', value: 10, forSeconds: 0 },
      ],
    });
    expect(preview).toMatchObject({ value: 3, wouldFire: 'medium', thresholds: [{ severity: 'critical', holds: false }, { severity: 'medium', holds: true }] });
    expect(preview.history.step).toBe(60);
    expect(preview.history.points).toHaveLength(60);
    expect(preview.history.points.at(-1)?.value).toBe(3);
    const counter = await admin.alerts.rules.preview({ source: { kind: 'counter', counter: 'eventsToday' }, operator: '>', thresholds: [{ severity: 'low', value: 100, forSeconds: 0 }] });
    expect(counter).toMatchObject({ value: 0, wouldFire: null, history: { points: [] } });
  });

  it('are for ADMIN in their organization and SUPERADMIN anywhere', async () => {
    const rule = await (await t.callerFor('admin@acme.test')).alerts.rules.create(latencyRule({ name: 'Acme only', enabled: false }));
    for (const email of ['manager@acme.test', 'owner@acme.test', 'leader@acme.test']) {
      const caller = await t.callerFor(email);
      await expect(caller.alerts.rules.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(caller.alerts.rules.create(latencyRule())).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(caller.alerts.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(caller.alerts.silences.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    const foreign = await t.callerFor('admin@globex.test');
    await expect(foreign.alerts.rules.list({ organizationId: t.organizations.acme })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(foreign.alerts.rules.get({ id: rule.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(foreign.alerts.rules.update({ id: rule.id, name: 'taken over' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(foreign.alerts.rules.delete({ id: rule.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await foreign.alerts.rules.list({})).rules.map((r) => r.organizationId)).not.toContain(t.organizations.acme);
    const superadmin = await t.callerFor('admin@pulse.test');
    expect((await superadmin.alerts.rules.list({ organizationId: t.organizations.acme })).rules.map((r) => r.id)).toContain(rule.id);
    const created = await superadmin.alerts.rules.create({ ...latencyRule({ name: 'Set by the platform', enabled: false }), organizationId: t.organizations.globex });
    expect(created.organizationId).toBe(t.organizations.globex);
    const key = t.callerAs({ kind: 'ingestKey', keyId: 'k', organizationId: t.organizations.acme });
    await expect(key.alerts.rules.list({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const manager = await watchAlerts('manager@acme.test');
    expect(manager.errors).toMatchObject([{ data: { code: 'FORBIDDEN' } }]);
  });
});

describe('webhooks', () => {
  it('are signed with the rule’s secret and retried until they succeed, each attempt logged', async () => {
    const secret = 'webhook-secret-of-this-rule';
    const received: { headers: IncomingMessage['headers']; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(received.length === 1 ? 500 : 204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pulse`;
      const admin = await t.callerFor('admin@globex.test');
      const rule = await admin.alerts.rules.create(
        latencyRule({ name: 'Hooked', source: { kind: 'metric', metricName: 'hook_probe', aggregation: 'max', windowSeconds: 60, labels: {} }, thresholds: [{ severity: 'medium', value: 0, forSeconds: 0 }], webhook: { url, secret } }),
      );
      await postMetrics(t.url, 'pk_demo_globex', metric('hook_probe', 1));
      await expect.poll(() => received.length, WAIT).toBe(2);
      const [first, second] = received;
      expect(second?.body).toBe(first?.body);
      const timestamp = Number(second?.headers['x-pulse-timestamp']);
      expect(verifyWebhook(secret, timestamp, second?.body ?? '', String(second?.headers['x-pulse-signature']))).toBe(true);
      expect(verifyWebhook('another-secret-entirely', timestamp, second?.body ?? '', String(second?.headers['x-pulse-signature']))).toBe(false);
      const payload = JSON.parse(second?.body ?? '{}') as { event: string; alert: { rule: { id: string }; severity: string } };
      expect(payload).toMatchObject({ event: 'triggered', alert: { rule: { id: rule.id }, severity: 'medium' } });
      await expect
        .poll(async () => (await runSql<{ status: string; attempts: number }>(t.pulse.orm.em.fork(), `SELECT status, attempts FROM notification_delivery_logs WHERE channel = 'webhook' AND id = $1`, [second?.headers['x-pulse-delivery']]))[0], WAIT)
        .toEqual({ status: 'sent', attempts: 2 });
      // the secret goes nowhere near the queue
      const jobs = await t.redis.keys(`${t.settings.REDIS_PREFIX}:notification-webhooks:*`);
      for (const key of jobs.filter((name) => /:\d|[0-9a-f-]{36}$/.test(name))) {
        if ((await t.redis.type(key)) === 'hash') expect(JSON.stringify(await t.redis.hgetall(key))).not.toContain(secret);
      }
    } finally {
      server.close();
    }
  });
});

describe('evaluation', () => {
  it('applies one tick once even when two workers evaluate the same rule at the same moment', async () => {
    const admin = await t.callerFor('admin@globex.test');
    const rule = await admin.alerts.rules.create(
      latencyRule({ name: 'Raced', source: { kind: 'metric', metricName: 'race_probe', aggregation: 'max', windowSeconds: 600, labels: {} }, thresholds: [{ severity: 'low', value: 0, forSeconds: 0 }] }),
    );
    const deps = {
      orm: t.pulse.orm,
      counters: (organizationId: string) => readSummary(t.redis, t.settings.REDIS_PREFIX, organizationId),
      recorder: createMetricRecorder(t.pulse.orm, async () => undefined),
      publisher: createAlertPublisher(t.redis, t.settings.REDIS_PREFIX),
      enqueueWebhook: async () => undefined,
    };
    await deps.recorder.record(t.organizations.globex, [{ name: 'race_probe', type: 'gauge', category: 'system', value: 1, labels: {} }]);
    // a moment after every tick the running worker could pick, so the two calls race each other only
    const at = new Date(Date.now() + 60_000);
    const results = await Promise.all([evaluateRule(deps, rule.id, at), evaluateRule(deps, rule.id, at)]);
    expect(results.filter((result) => result !== null)).toHaveLength(1);
    const alerts = await runSql<{ n: number }>(t.pulse.orm.em.fork(), `SELECT count(*)::int AS n FROM alerts WHERE rule_id = $1`, [rule.id]);
    expect(alerts[0]?.n).toBe(1);
    const triggered = await runSql<{ n: number }>(t.pulse.orm.em.fork(), `SELECT count(*)::int AS n FROM alert_events e JOIN alerts a ON a.id = e.alert_id WHERE a.rule_id = $1 AND e.kind = 'triggered'`, [rule.id]);
    expect(triggered[0]?.n).toBe(1);
  });

  it('a rule without samples in its window goes to no data', async () => {
    const admin = await t.callerFor('admin@globex.test');
    const rule = await admin.alerts.rules.create(latencyRule({ name: 'Silent metric', source: { kind: 'metric', metricName: 'never_sent', aggregation: 'avg', windowSeconds: 60, labels: {} } }));
    await expect.poll(async () => (await admin.alerts.rules.get({ id: rule.id })).state, WAIT).toMatchObject({ health: 'nodata', value: null });
  });
});
