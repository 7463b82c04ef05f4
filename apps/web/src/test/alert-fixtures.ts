import type { AlertDetail, AlertRuleView, AlertView, Me, NotificationView, RulePreview } from '@pulse/api-contract/schemas';
import { ACME, makeMe } from './fixtures.ts';

export const ORG_ADMIN: Me = makeMe({
  id: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d',
  email: 'admin@acme.test',
  name: 'Adam Admin',
  orgRole: null,
  platformRole: 'ADMIN',
});

const NOW = '2026-11-23T10:00:00.000Z';

export function makeRule(overrides: Partial<AlertRuleView> = {}): AlertRuleView {
  return {
    id: '11111111-1111-4111-8111-111111111111',
    organizationId: ACME.id,
    name: 'Checkout latency',
    description: '',
    enabled: true,
    source: { kind: 'metric', metricName: 'http_latency_ms', aggregation: 'p95', windowSeconds: 300, labels: {} },
    operator: '>',
    thresholds: [{ severity: 'high', value: 500, forSeconds: 60 }],
    keepFiringForSeconds: 0,
    labels: {},
    notifyOrgRoles: [],
    webhook: null,
    createdAt: NOW,
    updatedAt: NOW,
    createdBy: null,
    state: { health: 'normal', value: 120, evaluatedAt: NOW, alertId: null, severity: null },
    ...overrides,
  };
}

/** Alert `n` of the checkout rule, triggered at high unless told otherwise. */
export function makeAlert(n: number, overrides: Partial<AlertView> = {}): AlertView {
  return {
    id: `22222222-2222-4222-8222-${String(n).padStart(12, '0')}`,
    organizationId: ACME.id,
    rule: { id: makeRule().id, name: 'Checkout latency' },
    status: 'triggered',
    state: 'triggered',
    severity: 'high',
    value: 640,
    threshold: 500,
    operator: '>',
    labels: {},
    startedAt: NOW,
    triggeredAt: NOW,
    acknowledgedAt: null,
    acknowledgedBy: null,
    acknowledgeComment: null,
    resolvedAt: null,
    resolvedBy: null,
    resolution: null,
    silence: null,
    lastEvaluatedAt: NOW,
    updatedAt: NOW,
    ...overrides,
  };
}

export function makeAlertDetail(alert: AlertView): AlertDetail {
  return {
    alert,
    rule: makeRule(),
    timeline: [{ id: '33333333-3333-4333-8333-333333333333', at: NOW, kind: 'triggered', severity: 'high', value: 640, actor: null, comment: null, details: {} }],
    series: { from: NOW, to: NOW, step: 60, points: [{ t: NOW, value: 640, count: 3 }] },
  };
}

export function makePreview(value: number | null): RulePreview {
  return {
    value,
    evaluatedAt: NOW,
    thresholds: [{ severity: 'high', value: 5, forSeconds: 0, holds: value !== null && value > 5 }],
    wouldFire: value !== null && value > 5 ? 'high' : null,
    history: { step: 60, points: [] },
  };
}

export function makeNotification(n: number, overrides: Partial<NotificationView> = {}): NotificationView {
  return {
    id: `44444444-4444-4444-8444-${String(n).padStart(12, '0')}`,
    kind: 'alert',
    title: `Checkout latency is high (${n})`,
    body: 'p95 of http_latency_ms is 640 > 500',
    severity: 'high',
    organizationId: ACME.id,
    alertId: null,
    ruleId: null,
    createdAt: NOW,
    readAt: null,
    dismissedAt: null,
    ...overrides,
  };
}
