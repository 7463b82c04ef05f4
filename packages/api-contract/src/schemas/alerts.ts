import { z } from 'zod';
import { OrgRole } from './auth.ts';
import { MetricAggregation, MetricLabels, MetricName, MetricPoint } from './metrics.ts';
import { TenantInput } from './scope.ts';

export const ALERT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const AlertSeverity = z.enum(ALERT_SEVERITIES);
export type AlertSeverity = z.output<typeof AlertSeverity>;
/** low 0 … critical 3: a higher rank wins. */
export const severityRank = (severity: AlertSeverity): number => ALERT_SEVERITIES.indexOf(severity);

export const ALERT_OPERATORS = ['>', '<', '>=', '<=', '==', '!='] as const;
export const AlertOperator = z.enum(ALERT_OPERATORS);
export type AlertOperator = z.output<typeof AlertOperator>;

/** The live dashboard counters a rule may watch (see DashboardSummary). */
export const LIVE_COUNTERS = ['activeUsers', 'apiCallsPerMinute', 'loginsLastHour', 'eventsToday'] as const;
export const LiveCounter = z.enum(LIVE_COUNTERS);
export type LiveCounter = z.output<typeof LiveCounter>;

const seconds = (max: number) => z.int().min(0).max(max);
const DAY = 86_400;

export const AlertThreshold = z.object({
  severity: AlertSeverity,
  value: z.number(),
  /** How long the condition must hold before the alert is raised at this severity (Prometheus' `for`). */
  forSeconds: seconds(DAY),
});
export type AlertThreshold = z.output<typeof AlertThreshold>;

/** What a rule watches: a metric aggregated over a sliding window, or a live counter. */
export const WatchedValue = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('metric'),
    metricName: MetricName,
    aggregation: MetricAggregation,
    windowSeconds: z.int().min(10).max(DAY),
    /** Only series whose labels include all of these; their samples are aggregated together. */
    labels: MetricLabels.default({}),
  }),
  z.object({ kind: z.literal('counter'), counter: LiveCounter }),
]);
export type WatchedValue = z.output<typeof WatchedValue>;
/** The kinds of value a rule watches (the `source` column of alert_rules). */
export const ALERT_SOURCES = ['metric', 'counter'] as const satisfies readonly WatchedValue['kind'][];

const Thresholds = z
  .array(AlertThreshold)
  .min(1)
  .max(ALERT_SEVERITIES.length)
  .refine((list) => new Set(list.map((t) => t.severity)).size === list.length, 'one threshold per severity');

/**
 * With `>` / `>=` a higher severity needs a higher threshold, with `<` / `<=` a lower one, so
 * that the worse the value, the higher the severity. Null when the thresholds are in order.
 */
export function thresholdOrderIssue(operator: AlertOperator, thresholds: AlertThreshold[]): string | null {
  const direction = operator === '>' || operator === '>=' ? 1 : operator === '<' || operator === '<=' ? -1 : 0;
  if (direction === 0) return null;
  const sorted = [...thresholds].sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
  for (let i = 1; i < sorted.length; i++) {
    const lower = sorted[i - 1] as AlertThreshold;
    const higher = sorted[i] as AlertThreshold;
    if ((higher.value - lower.value) * direction <= 0) {
      return `with ${operator}, the ${higher.severity} threshold must be ${direction > 0 ? 'above' : 'below'} the ${lower.severity} one`;
    }
  }
  return null;
}

const checkThresholdOrder = (input: { operator: AlertOperator; thresholds: AlertThreshold[] }, ctx: z.RefinementCtx) => {
  const issue = thresholdOrderIssue(input.operator, input.thresholds);
  if (issue) ctx.addIssue({ code: 'custom', path: ['thresholds'], message: issue });
};

export const RuleWebhookInput = z.object({
  /** http or https; hosts on private networks are allowed (Pulse is self-hosted). */
  url: z.url({ protocol: /^https?$/ }).max(2000),
  /** Signs every body (HMAC-SHA256); stored, never shown again. Optional on update: the old one stays. */
  secret: z.string().min(16).max(200),
});

const ruleFields = {
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).default(''),
  enabled: z.boolean().default(true),
  source: WatchedValue,
  operator: AlertOperator,
  thresholds: Thresholds,
  /** After the condition stops holding, the alert keeps firing this long (Prometheus' `keep_firing_for`): no flapping. */
  keepFiringForSeconds: seconds(DAY).default(0),
  /** Added to the alert's labels, for silences and webhooks (e.g. team=payments). */
  labels: MetricLabels.default({}),
  /** Organization roles notified besides the platform administrators. */
  notifyOrgRoles: z.array(OrgRole).max(3).default([]),
  webhook: RuleWebhookInput.nullable().default(null),
};

export const CreateAlertRuleInput = TenantInput.extend(ruleFields).superRefine(checkThresholdOrder);
export type CreateAlertRuleInput = z.output<typeof CreateAlertRuleInput>;

/** Only the fields given change. `webhook: null` removes it; a webhook without secret keeps the old secret. */
export const UpdateAlertRuleInput = TenantInput.extend({
  id: z.uuid(),
  name: ruleFields.name.optional(),
  description: z.string().max(2000).optional(),
  enabled: z.boolean().optional(),
  source: WatchedValue.optional(),
  operator: AlertOperator.optional(),
  thresholds: Thresholds.optional(),
  keepFiringForSeconds: seconds(DAY).optional(),
  labels: MetricLabels.optional(),
  notifyOrgRoles: z.array(OrgRole).max(3).optional(),
  webhook: RuleWebhookInput.extend({ secret: RuleWebhookInput.shape.secret.optional() }).nullable().optional(),
});
export type UpdateAlertRuleInput = z.output<typeof UpdateAlertRuleInput>;

export const IdInput = TenantInput.extend({ id: z.uuid() });
export type IdInput = z.output<typeof IdInput>;
export const SetRuleEnabledInput = IdInput.extend({ enabled: z.boolean() });
export type SetRuleEnabledInput = z.output<typeof SetRuleEnabledInput>;
export const ListAlertRulesInput = TenantInput.extend({ enabled: z.boolean().optional() });
export type ListAlertRulesInput = z.output<typeof ListAlertRulesInput>;

export const UserRef = z.object({ id: z.uuid(), name: z.string(), email: z.string() });
export type UserRef = z.output<typeof UserRef>;

export const RULE_HEALTH = ['normal', 'pending', 'firing', 'nodata'] as const;
/** normal: no threshold holds; pending: one holds, not yet for its duration; firing: an alert is open; nodata: the watched value has no samples in its window. */
export const RuleHealth = z.enum(RULE_HEALTH);
export type RuleHealth = z.output<typeof RuleHealth>;

export const AlertRuleView = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  name: z.string(),
  description: z.string(),
  enabled: z.boolean(),
  source: WatchedValue,
  operator: AlertOperator,
  /** Highest severity first. */
  thresholds: z.array(AlertThreshold),
  keepFiringForSeconds: z.int(),
  labels: z.record(z.string(), z.string()),
  notifyOrgRoles: z.array(OrgRole),
  webhook: z.object({ url: z.string(), secretSet: z.boolean() }).nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
  createdBy: UserRef.nullable(),
  /** The latest evaluation. */
  state: z.object({
    health: RuleHealth,
    value: z.number().nullable(),
    evaluatedAt: z.iso.datetime({ offset: true }).nullable(),
    /** The open alert (pending, triggered or acknowledged), if any. */
    alertId: z.uuid().nullable(),
    severity: AlertSeverity.nullable(),
  }),
});
export type AlertRuleView = z.output<typeof AlertRuleView>;
export const AlertRuleList = z.object({ rules: z.array(AlertRuleView) });

/** A draft rule's watched value now, against each of its thresholds (for the rule form). */
export const RulePreviewInput = TenantInput.extend({ source: WatchedValue, operator: AlertOperator, thresholds: Thresholds }).superRefine(checkThresholdOrder);
export type RulePreviewInput = z.output<typeof RulePreviewInput>;

export const RulePreview = z.object({
  value: z.number().nullable(),
  evaluatedAt: z.iso.datetime(),
  /** Highest severity first; `holds` ignores the `for` duration. */
  thresholds: z.array(AlertThreshold.extend({ holds: z.boolean() })),
  /** The highest severity whose condition holds now (an alert would start pending at it). */
  wouldFire: AlertSeverity.nullable(),
  /** The watched value over its recent past (metric rules: up to 60 windows back; counters: empty). */
  history: z.object({ step: z.int(), points: z.array(MetricPoint) }),
});
export type RulePreview = z.output<typeof RulePreview>;

// --- alerts ---

export const ALERT_STATUSES = ['pending', 'triggered', 'acknowledged', 'resolved'] as const;
/** auto: the condition cleared; manual: a person resolved it. */
export const ALERT_RESOLUTIONS = ['auto', 'manual'] as const;
export const AlertStatus = z.enum(ALERT_STATUSES);
export type AlertStatus = z.output<typeof AlertStatus>;
/** The status as people see it: an open alert under an active silence shows as silenced. */
export const AlertState = z.enum([...ALERT_STATUSES, 'silenced']);
export type AlertState = z.output<typeof AlertState>;

export const AlertView = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  rule: z.object({ id: z.uuid(), name: z.string() }),
  status: AlertStatus,
  state: AlertState,
  severity: AlertSeverity,
  /** The watched value at the latest evaluation. */
  value: z.number().nullable(),
  /** The threshold of the current severity. */
  threshold: z.number(),
  operator: AlertOperator,
  labels: z.record(z.string(), z.string()),
  /** When its condition started holding (pending). */
  startedAt: z.iso.datetime({ offset: true }),
  triggeredAt: z.iso.datetime({ offset: true }).nullable(),
  acknowledgedAt: z.iso.datetime({ offset: true }).nullable(),
  acknowledgedBy: UserRef.nullable(),
  acknowledgeComment: z.string().nullable(),
  resolvedAt: z.iso.datetime({ offset: true }).nullable(),
  /** Null with resolution `auto`: the condition cleared. */
  resolvedBy: UserRef.nullable(),
  resolution: z.enum(ALERT_RESOLUTIONS).nullable(),
  silence: z.object({ id: z.uuid(), endsAt: z.iso.datetime({ offset: true }) }).nullable(),
  lastEvaluatedAt: z.iso.datetime({ offset: true }).nullable(),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type AlertView = z.output<typeof AlertView>;

export const ListAlertsInput = TenantInput.extend({
  status: z.array(AlertStatus).max(ALERT_STATUSES.length).optional(),
  severity: z.array(AlertSeverity).max(ALERT_SEVERITIES.length).optional(),
  ruleId: z.uuid().optional(),
  /** true: only open alerts under an active silence; false: only the others. */
  silenced: z.boolean().optional(),
  /** Alerts open at some point in [from, to]. */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.int().min(1).max(200).default(50),
  /** From the previous page's nextCursor. */
  cursor: z.string().max(200).optional(),
});
export type ListAlertsInput = z.output<typeof ListAlertsInput>;

export const AlertList = z.object({ items: z.array(AlertView), nextCursor: z.string().nullable() });
export type AlertList = z.output<typeof AlertList>;

export const AlertCounts = z.object({
  pending: z.int(),
  triggered: z.int(),
  acknowledged: z.int(),
  resolved: z.int(),
  /** Open alerts under an active silence (also counted in their status). */
  silenced: z.int(),
});
export type AlertCounts = z.output<typeof AlertCounts>;

export const ALERT_EVENT_KINDS = [
  'pending',
  'triggered',
  'severity_raised',
  'severity_lowered',
  'acknowledged',
  'resolved',
  'silenced',
  'unsilenced',
  'nodata',
  'data_restored',
  'notified',
] as const;
export const AlertEventKind = z.enum(ALERT_EVENT_KINDS);
export type AlertEventKind = z.output<typeof AlertEventKind>;

export const AlertEventView = z.object({
  id: z.uuid(),
  at: z.iso.datetime({ offset: true }),
  kind: AlertEventKind,
  severity: AlertSeverity.nullable(),
  value: z.number().nullable(),
  /** Who did it; null for the evaluator. */
  actor: UserRef.nullable(),
  comment: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AlertEventView = z.output<typeof AlertEventView>;

export const AlertDetail = z.object({
  alert: AlertView,
  rule: AlertRuleView,
  /** Oldest first. */
  timeline: z.array(AlertEventView),
  /** The value the rule evaluated, from 30 minutes before the alert started to 10 minutes after it ended (or now). */
  series: z.object({ from: z.iso.datetime(), to: z.iso.datetime(), step: z.int(), points: z.array(MetricPoint) }),
});
export type AlertDetail = z.output<typeof AlertDetail>;

export const AlertActionInput = IdInput.extend({ comment: z.string().trim().max(2000).optional() });
export type AlertActionInput = z.output<typeof AlertActionInput>;

// --- silences ---

export const SilenceMatcher = z.object({
  name: z.string().min(1).max(64),
  op: z.enum(['=', '!=']),
  value: z.string().max(200),
});
export type SilenceMatcher = z.output<typeof SilenceMatcher>;

export const CreateSilenceInput = TenantInput.extend({
  ruleId: z.uuid().optional(),
  severities: z.array(AlertSeverity).max(ALERT_SEVERITIES.length).default([]),
  /** Over the alert's labels (the rule's labels and label filter). */
  matchers: z.array(SilenceMatcher).max(16).default([]),
  endsAt: z.iso.datetime({ offset: true }).optional(),
  durationSeconds: z.int().min(60).max(30 * DAY).optional(),
  comment: z.string().trim().max(2000).default(''),
}).superRefine((input, ctx) => {
  if ((input.endsAt === undefined) === (input.durationSeconds === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'give either endsAt or durationSeconds' });
  }
  if (input.endsAt !== undefined && Date.parse(input.endsAt) <= Date.now()) {
    ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'endsAt lies in the future' });
  }
  if (!input.ruleId && input.severities.length === 0 && input.matchers.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['matchers'], message: 'match something: a rule, severities or labels' });
  }
});
export type CreateSilenceInput = z.output<typeof CreateSilenceInput>;

export const SilenceView = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  rule: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  severities: z.array(AlertSeverity),
  matchers: z.array(SilenceMatcher),
  comment: z.string(),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  active: z.boolean(),
  createdBy: UserRef.nullable(),
  expiredBy: UserRef.nullable(),
  /** Open alerts it silences now. */
  silencedAlerts: z.int(),
});
export type SilenceView = z.output<typeof SilenceView>;

export const ListSilencesInput = TenantInput.extend({ active: z.boolean().optional() });
export type ListSilencesInput = z.output<typeof ListSilencesInput>;
export const SilenceList = z.object({ items: z.array(SilenceView) });

// --- live ---

export const LiveAlertsInput = TenantInput.extend({ lastEventId: z.string().max(64).nullish() });
export type LiveAlertsInput = z.output<typeof LiveAlertsInput>;

/**
 * `alertNotification`: something people should be told about (raised, severity up, resolved)
 * and not silenced. `alertUpdate`: any other change of an alert, so lists stay current.
 */
export const AlertStreamItem = z.object({
  type: z.enum(['alertNotification', 'alertUpdate']),
  event: AlertEventKind,
  at: z.iso.datetime(),
  alert: AlertView,
});
export type AlertStreamItem = z.output<typeof AlertStreamItem>;
