import { CreateAlertRuleInput, RulePreviewInput } from '@pulse/api-contract/schemas';
import type { AlertOperator, AlertRuleView, AlertSeverity, LiveCounter, MetricAggregation, OrgRole } from '@pulse/api-contract/schemas';
import type { FieldIssues } from '../../ui/TextField.tsx';

export type ThresholdDraft = { severity: AlertSeverity; value: string; forSeconds: string };

/** The rule form as typed: numbers stay text until the rule is checked. */
export type RuleDraft = {
  name: string;
  description: string;
  enabled: boolean;
  kind: 'metric' | 'counter';
  metricName: string;
  aggregation: MetricAggregation;
  windowSeconds: string;
  /** name=value pairs separated by commas. */
  labelFilter: string;
  counter: LiveCounter;
  operator: AlertOperator;
  thresholds: ThresholdDraft[];
  keepFiringForSeconds: string;
  /** Organization roles told in-app besides the platform administrators. */
  notifyOrgRoles: OrgRole[];
};

export const EMPTY_DRAFT: RuleDraft = {
  name: '',
  description: '',
  enabled: true,
  kind: 'metric',
  metricName: '',
  aggregation: 'avg',
  windowSeconds: '60',
  labelFilter: '',
  counter: 'activeUsers',
  operator: '>',
  thresholds: [{ severity: 'high', value: '', forSeconds: '0' }],
  keepFiringForSeconds: '0',
  notifyOrgRoles: [],
};

export function draftFromRule(rule: AlertRuleView): RuleDraft {
  const source = rule.source;
  return {
    ...EMPTY_DRAFT,
    name: rule.name,
    description: rule.description,
    enabled: rule.enabled,
    kind: source.kind,
    ...(source.kind === 'metric'
      ? {
          metricName: source.metricName,
          aggregation: source.aggregation,
          windowSeconds: String(source.windowSeconds),
          labelFilter: Object.entries(source.labels)
            .map(([name, value]) => `${name}=${value}`)
            .join(', '),
        }
      : { counter: source.counter }),
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

export type { FieldIssues };
type Issue = { path: readonly PropertyKey[]; message: string };

function parseLabels(text: string): Record<string, string> | null {
  const labels: Record<string, string> = {};
  for (const part of text.split(',').map((piece) => piece.trim()).filter(Boolean)) {
    const at = part.indexOf('=');
    if (at <= 0) return null;
    labels[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  return labels;
}

function draftToFields(draft: RuleDraft) {
  const labels = parseLabels(draft.labelFilter) ?? {};
  return {
    name: draft.name,
    description: draft.description,
    enabled: draft.enabled,
    source:
      draft.kind === 'metric'
        ? { kind: 'metric' as const, metricName: draft.metricName.trim(), aggregation: draft.aggregation, windowSeconds: toNumber(draft.windowSeconds), labels }
        : { kind: 'counter' as const, counter: draft.counter },
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

/** Issues keyed by field path ("name", "thresholds.0.value"); "" holds those of no field. */
export function groupIssues(issues: readonly Issue[]): FieldIssues {
  const grouped: FieldIssues = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.');
    (grouped[key] ??= []).push(issue.message);
  }
  return grouped;
}

export type CheckedDraft = { ok: true; input: CreateAlertRuleInput } | { ok: false; issues: FieldIssues };

/** The draft checked with the contract's own schema, as the server will check it. */
export function checkDraft(organizationId: string, draft: RuleDraft): CheckedDraft {
  const parsed = CreateAlertRuleInput.safeParse({ organizationId, ...draftToFields(draft) });
  const labelIssue = parseLabels(draft.labelFilter) === null && draft.kind === 'metric';
  const issues = parsed.success ? [] : [...parsed.error.issues];
  if (labelIssue) issues.push({ code: 'custom', path: ['source', 'labels'], message: 'write labels as name=value, separated by commas', input: draft.labelFilter });
  if (parsed.success && !labelIssue) return { ok: true, input: parsed.data };
  return { ok: false, issues: groupIssues(issues) };
}

/** The preview's input, or null while the draft's source or thresholds are not valid yet. */
export function previewInput(organizationId: string, draft: RuleDraft): RulePreviewInput | null {
  const fields = draftToFields(draft);
  const parsed = RulePreviewInput.safeParse({ organizationId, source: fields.source, operator: fields.operator, thresholds: fields.thresholds });
  return parsed.success ? parsed.data : null;
}
