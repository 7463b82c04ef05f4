import { z } from 'zod';
import { AlertOperator, AlertSeverity, CreateAlertRuleInput, LiveCounter, MetricAggregation, OrgRole, RulePreviewInput } from '@pulse/api-contract/schemas';
import type { AlertRuleView } from '@pulse/api-contract/schemas';

/**
 * The rule form as typed. It has the contract's shape (`source.metricName`,
 * `thresholds.0.value`), so an issue of `CreateAlertRuleInput`, the browser's or the
 * server's, names the field it is about. Numbers and the label filter stay text until the
 * draft is checked; both kinds of source are kept, so switching back loses nothing.
 */
const RuleDraft = z.object({
  name: z.string(),
  description: z.string(),
  enabled: z.boolean(),
  source: z.object({
    kind: z.enum(['metric', 'counter']),
    metricName: z.string(),
    aggregation: MetricAggregation,
    windowSeconds: z.string(),
    /** name=value pairs separated by commas. */
    labels: z.string(),
    counter: LiveCounter,
  }),
  operator: AlertOperator,
  thresholds: z.array(z.object({ severity: AlertSeverity, value: z.string(), forSeconds: z.string() })),
  keepFiringForSeconds: z.string(),
  /** Organization roles told in-app besides the platform administrators. */
  notifyOrgRoles: z.array(OrgRole),
});
export type RuleDraft = z.output<typeof RuleDraft>;
export type ThresholdDraft = RuleDraft['thresholds'][number];

export const EMPTY_DRAFT: RuleDraft = {
  name: '',
  description: '',
  enabled: true,
  source: { kind: 'metric', metricName: '', aggregation: 'avg', windowSeconds: '60', labels: '', counter: 'activeUsers' },
  operator: '>',
  thresholds: [{ severity: 'high', value: '', forSeconds: '0' }],
  keepFiringForSeconds: '0',
  notifyOrgRoles: [],
};

export function draftFromRule(rule: AlertRuleView): RuleDraft {
  const source = rule.source;
  return {
    name: rule.name,
    description: rule.description,
    enabled: rule.enabled,
    source:
      source.kind === 'metric'
        ? {
            ...EMPTY_DRAFT.source,
            kind: 'metric',
            metricName: source.metricName,
            aggregation: source.aggregation,
            windowSeconds: String(source.windowSeconds),
            labels: Object.entries(source.labels)
              .map(([name, value]) => `${name}=${value}`)
              .join(', '),
          }
        : { ...EMPTY_DRAFT.source, kind: 'counter', counter: source.counter },
    operator: rule.operator,
    thresholds: rule.thresholds.map((threshold) => ({
      severity: threshold.severity,
      value: String(threshold.value),
      forSeconds: String(threshold.forSeconds),
    })),
    keepFiringForSeconds: String(rule.keepFiringForSeconds),
    notifyOrgRoles: rule.notifyOrgRoles,
  };
}

/** Empty text is not zero: it fails the number check and the field says so. */
const toNumber = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text));

function parseLabels(text: string): Record<string, string> | null {
  const labels: Record<string, string> = {};
  for (const part of text.split(',').map((piece) => piece.trim()).filter(Boolean)) {
    const at = part.indexOf('=');
    if (at <= 0) return null;
    labels[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  return labels;
}

/** The draft as the contract's input (numbers parsed, only the chosen kind of source). */
function draftToFields(draft: RuleDraft) {
  const source = draft.source;
  return {
    name: draft.name,
    description: draft.description,
    enabled: draft.enabled,
    source:
      source.kind === 'metric'
        ? {
            kind: 'metric' as const,
            metricName: source.metricName.trim(),
            aggregation: source.aggregation,
            windowSeconds: toNumber(source.windowSeconds),
            labels: parseLabels(source.labels) ?? {},
          }
        : { kind: 'counter' as const, counter: source.counter },
    operator: draft.operator,
    thresholds: draft.thresholds.map((threshold) => ({
      severity: threshold.severity,
      value: toNumber(threshold.value),
      forSeconds: toNumber(threshold.forSeconds),
    })),
    keepFiringForSeconds: toNumber(draft.keepFiringForSeconds),
    notifyOrgRoles: draft.notifyOrgRoles,
  };
}

/**
 * The form's schema: the draft, read as the contract's `CreateAlertRuleInput` and checked by
 * it, so the form knows no rule of its own and its messages are the server's wording. Only
 * the label filter's syntax is the form's (the contract takes a record); when it cannot be
 * read, that is said first.
 */
export function ruleFormSchema(organizationId: string) {
  return RuleDraft.transform((draft, ctx): z.input<typeof CreateAlertRuleInput> => {
    if (draft.source.kind === 'metric' && parseLabels(draft.source.labels) === null) {
      ctx.addIssue({ code: 'custom', path: ['source', 'labels'], message: 'write labels as name=value, separated by commas', input: draft.source.labels });
    }
    return { organizationId, ...draftToFields(draft) };
  }).pipe(CreateAlertRuleInput);
}

/** The preview's input, or null while the draft's source or thresholds are not valid yet. */
export function previewInput(organizationId: string, draft: RuleDraft): RulePreviewInput | null {
  const fields = draftToFields(draft);
  const parsed = RulePreviewInput.safeParse({ organizationId, source: fields.source, operator: fields.operator, thresholds: fields.thresholds });
  return parsed.success ? parsed.data : null;
}
