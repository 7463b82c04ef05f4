import { useId, useState } from 'react';
import { ALERT_OPERATORS, ALERT_SEVERITIES, LIVE_COUNTERS, METRIC_AGGREGATIONS, ORG_ROLES } from '@pulse/api-contract/schemas';
import type { AlertRuleView } from '@pulse/api-contract/schemas';
import { describeError, errorCode, isApiError } from '../../api/errors.ts';
import { trpc } from '../../api/trpc.ts';
import { formatRole } from '../../dashboard/format.ts';
import { SelectField } from '../../ui/SelectField.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { counterLabel } from '../format.ts';
import { checkDraft, draftFromRule, EMPTY_DRAFT, groupIssues, previewInput } from './rule-draft.ts';
import type { FieldIssues, RuleDraft, ThresholdDraft } from './rule-draft.ts';
import { RulePreviewPanel } from './RulePreviewPanel.tsx';
import { useRulePreview } from './useRulePreview.ts';

type Props = {
  organizationId: string;
  /** The rule to edit; absent for a new one. */
  rule?: AlertRuleView;
  onSaved(rule: AlertRuleView): void;
  onCancel(): void;
};

/** The server's validation issues by field, or null when the error is not one. */
function serverIssues(error: unknown): FieldIssues | null {
  if (!isApiError(error) || errorCode(error) !== 'BAD_REQUEST') return null;
  const issues = error.data?.issues;
  return issues && issues.length > 0 ? groupIssues(issues) : null;
}

/** Create or edit a rule: checked as the server checks it, with the live preview beside it. */
export function RuleForm({ organizationId, rule, onSaved, onCancel }: Props) {
  const create = trpc.alerts.rules.create.useMutation();
  const update = trpc.alerts.rules.update.useMutation();
  const [draft, setDraft] = useState<RuleDraft>(() => (rule ? draftFromRule(rule) : EMPTY_DRAFT));
  // After the first attempt to save, the draft is checked again on every change, so an issue
  // goes away as soon as its field is fixed. The server's issues stay until the next change.
  const [attempted, setAttempted] = useState(false);
  const [fromServer, setFromServer] = useState<FieldIssues>({});
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const preview = useRulePreview(previewInput(organizationId, draft));
  const ids = useId();
  const checked = checkDraft(organizationId, draft);
  const issues: FieldIssues = { ...(attempted && !checked.ok ? checked.issues : {}), ...fromServer };
  const set = (change: Partial<RuleDraft>) => {
    setFromServer({});
    setError(null);
    setDraft((previous) => ({ ...previous, ...change }));
  };
  const setThreshold = (index: number, change: Partial<ThresholdDraft>) =>
    set({ thresholds: draft.thresholds.map((threshold, at) => (at === index ? { ...threshold, ...change } : threshold)) });
  const unusedSeverity = ALERT_SEVERITIES.find((severity) => !draft.thresholds.some((threshold) => threshold.severity === severity));

  const submit = async () => {
    setError(null);
    setAttempted(true);
    if (!checked.ok) return;
    setSaving(true);
    try {
      const { webhook: _webhook, ...fields } = checked.input;
      const saved = rule ? await update.mutateAsync({ ...fields, id: rule.id }) : await create.mutateAsync(checked.input);
      onSaved(saved);
    } catch (failure) {
      const rejected = serverIssues(failure);
      if (rejected) {
        setFromServer(rejected);
        setError('The server did not accept the rule: see the messages next to the fields.');
      } else {
        setError(describeError(failure));
      }
    } finally {
      setSaving(false);
    }
  };

  const general = [...(issues[''] ?? []), ...(issues.source ?? [])];
  // Until every field is fixed, the form says so; otherwise what the server answered, if anything.
  const shownError = attempted && !checked.ok ? 'Some fields need attention: see the messages next to them.' : error;

  return (
    <div className="rule-editor">
      <form
        className="card rule-form"
        aria-label={rule ? `Edit rule ${rule.name}` : 'New rule'}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <h3>{rule ? `Edit “${rule.name}”` : 'New rule'}</h3>
        {shownError && (
          <div className="form-error" role="alert">
            <p>{shownError}</p>
            {general.length > 0 && <p>{general.join('; ')}</p>}
          </div>
        )}
        <TextField label="Name" field="name" issues={issues} value={draft.name} onChange={(value) => set({ name: value })} />
        <TextField
          label="Description (optional)"
          field="description"
          issues={issues}
          value={draft.description}
          onChange={(value) => set({ description: value })}
        />
        <fieldset className="fieldset">
          <legend>Watches</legend>
          <div className="radio-row">
            <label>
              <input type="radio" name={`${ids}-kind`} checked={draft.kind === 'metric'} onChange={() => set({ kind: 'metric' })} /> A metric
            </label>
            <label>
              <input type="radio" name={`${ids}-kind`} checked={draft.kind === 'counter'} onChange={() => set({ kind: 'counter' })} /> A live
              counter
            </label>
          </div>
          {draft.kind === 'metric' ? (
            <div className="field-grid">
              <TextField
                label="Metric name"
                field="source.metricName"
                issues={issues}
                value={draft.metricName}
                onChange={(value) => set({ metricName: value })}
                placeholder="http_request_duration_ms"
              />
              <SelectField
                label="Aggregation"
                value={draft.aggregation}
                choices={METRIC_AGGREGATIONS}
                onChange={(aggregation) => set({ aggregation })}
              />
              <TextField
                label="Window (seconds)"
                field="source.windowSeconds"
                issues={issues}
                value={draft.windowSeconds}
                onChange={(value) => set({ windowSeconds: value })}
                inputMode="numeric"
              />
              <TextField
                label="Label filter (optional)"
                field="source.labels"
                issues={issues}
                value={draft.labelFilter}
                onChange={(value) => set({ labelFilter: value })}
                placeholder="route=/api/orders, method=POST"
              />
            </div>
          ) : (
            <SelectField
              label="Counter"
              value={draft.counter}
              choices={LIVE_COUNTERS.map((counter) => ({ value: counter, label: counterLabel(counter) }))}
              onChange={(counter) => set({ counter })}
            />
          )}
        </fieldset>
        <fieldset className="fieldset">
          <legend>Thresholds</legend>
          <SelectField
            label="Operator"
            className="field field-narrow"
            value={draft.operator}
            choices={ALERT_OPERATORS}
            onChange={(operator) => set({ operator })}
          />
          {issues.thresholds && (
            <p className="field-error" role="alert">
              {issues.thresholds.join('; ')}
            </p>
          )}
          {draft.thresholds.map((threshold, index) => (
            <div className="threshold-row" key={index} role="group" aria-label={`Threshold ${index + 1}`}>
              <SelectField
                label="Severity"
                value={threshold.severity}
                choices={ALERT_SEVERITIES}
                onChange={(severity) => setThreshold(index, { severity })}
              />
              <TextField
                label="Value"
                field={`thresholds.${index}.value`}
                issues={issues}
                value={threshold.value}
                onChange={(value) => setThreshold(index, { value })}
                inputMode="decimal"
              />
              <TextField
                label="For (seconds)"
                field={`thresholds.${index}.forSeconds`}
                issues={issues}
                value={threshold.forSeconds}
                onChange={(value) => setThreshold(index, { forSeconds: value })}
                inputMode="numeric"
              />
              {draft.thresholds.length > 1 && (
                <button
                  type="button"
                  className="button button-quiet"
                  aria-label={`Remove the ${threshold.severity} threshold`}
                  onClick={() => set({ thresholds: draft.thresholds.filter((_, at) => at !== index) })}
                >
                  Remove
                </button>
              )}
            </div>
          ))}
          {unusedSeverity && (
            <button
              type="button"
              className="button button-quiet"
              onClick={() => set({ thresholds: [...draft.thresholds, { severity: unusedSeverity, value: '', forSeconds: '0' }] })}
            >
              Add threshold
            </button>
          )}
          <TextField
            label="Keep firing for (seconds)"
            field="keepFiringForSeconds"
            issues={issues}
            value={draft.keepFiringForSeconds}
            onChange={(value) => set({ keepFiringForSeconds: value })}
            inputMode="numeric"
            narrow
          />
        </fieldset>
        <fieldset className="fieldset">
          <legend>Also notify (in-app)</legend>
          <p className="muted small">Platform administrators are always notified. Add organization roles to tell them too.</p>
          <div className="radio-row">
            {ORG_ROLES.map((role) => (
              <label key={role} className="inline-field">
                <input
                  type="checkbox"
                  checked={draft.notifyOrgRoles.includes(role)}
                  onChange={(event) =>
                    set({
                      notifyOrgRoles: event.target.checked ? [...draft.notifyOrgRoles, role] : draft.notifyOrgRoles.filter((other) => other !== role),
                    })
                  }
                />
                <span>{formatRole(role)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <label className="inline-field">
          <input type="checkbox" checked={draft.enabled} onChange={(event) => set({ enabled: event.target.checked })} />
          <span>Enabled</span>
        </label>
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={saving}>
            {saving ? 'Saving…' : rule ? 'Save rule' : 'Create rule'}
          </button>
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
      <RulePreviewPanel state={preview} operator={draft.operator} />
    </div>
  );
}
