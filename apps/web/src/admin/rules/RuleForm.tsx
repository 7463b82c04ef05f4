import { useId, useState } from 'react';
import { ALERT_OPERATORS, ALERT_SEVERITIES, LIVE_COUNTERS, METRIC_AGGREGATIONS } from '@pulse/api-contract/schemas';
import type { AlertRuleView, AlertSeverity } from '@pulse/api-contract/schemas';
import { describeError, errorCode, isApiError } from '../../api/errors.ts';
import { useSessionApi } from '../../api/useSessionApi.ts';
import { useSessionStore } from '../../auth/useSession.ts';
import { counterLabel } from '../format.ts';
import { FieldError } from './FieldError.tsx';
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
  const { trpc } = useSessionApi();
  const session = useSessionStore();
  const [draft, setDraft] = useState<RuleDraft>(() => (rule ? draftFromRule(rule) : EMPTY_DRAFT));
  const [issues, setIssues] = useState<FieldIssues>({});
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const preview = useRulePreview(previewInput(organizationId, draft));
  const ids = useId();
  const set = (change: Partial<RuleDraft>) => setDraft((previous) => ({ ...previous, ...change }));
  const setThreshold = (index: number, change: Partial<ThresholdDraft>) =>
    set({ thresholds: draft.thresholds.map((threshold, at) => (at === index ? { ...threshold, ...change } : threshold)) });
  const unusedSeverity = ALERT_SEVERITIES.find((severity) => !draft.thresholds.some((threshold) => threshold.severity === severity));

  /** Props tying an input to its issues for screen readers. */
  const described = (field: string) => ({
    'aria-invalid': issues[field] ? true : undefined,
    'aria-describedby': issues[field] ? `${ids}-${field}` : undefined,
  });
  const errorOf = (field: string) => <FieldError issues={issues} field={field} id={`${ids}-${field}`} />;

  const submit = async () => {
    setError(null);
    const checked = checkDraft(organizationId, draft);
    if (!checked.ok) {
      setIssues(checked.issues);
      setError('Some fields need attention: see the messages next to them.');
      return;
    }
    setIssues({});
    setSaving(true);
    try {
      const { webhook: _webhook, ...fields } = checked.input;
      const saved = await session.withAuth(() =>
        rule ? trpc.alerts.rules.update.mutate({ ...fields, id: rule.id }) : trpc.alerts.rules.create.mutate(checked.input),
      );
      onSaved(saved);
    } catch (failure) {
      const fromServer = serverIssues(failure);
      if (fromServer) {
        setIssues(fromServer);
        setError('The server did not accept the rule: see the messages next to the fields.');
      } else {
        setError(describeError(failure));
      }
    } finally {
      setSaving(false);
    }
  };

  const general = [...(issues[''] ?? []), ...(issues.source ?? [])];

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
        {error && (
          <div className="form-error" role="alert">
            <p>{error}</p>
            {general.length > 0 && <p>{general.join('; ')}</p>}
          </div>
        )}
        <div className="field-wrap">
        <label className="field">
          <span>Name</span>
          <input value={draft.name} onChange={(event) => set({ name: event.target.value })} {...described('name')} />
        </label>
        {errorOf('name')}
        </div>
        <div className="field-wrap">
        <label className="field">
          <span>Description (optional)</span>
          <input value={draft.description} onChange={(event) => set({ description: event.target.value })} {...described('description')} />
        </label>
        {errorOf('description')}
        </div>
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
              <div className="field-wrap">
              <label className="field">
                <span>Metric name</span>
                <input
                  value={draft.metricName}
                  placeholder="http_request_duration_ms"
                  onChange={(event) => set({ metricName: event.target.value })}
                  {...described('source.metricName')}
                />
              </label>
              {errorOf('source.metricName')}
              </div>
              <label className="field">
                <span>Aggregation</span>
                <select value={draft.aggregation} onChange={(event) => set({ aggregation: event.target.value as RuleDraft['aggregation'] })}>
                  {METRIC_AGGREGATIONS.map((aggregation) => (
                    <option key={aggregation} value={aggregation}>
                      {aggregation}
                    </option>
                  ))}
                </select>
              </label>
              <div className="field-wrap">
              <label className="field">
                <span>Window (seconds)</span>
                <input
                  inputMode="numeric"
                  value={draft.windowSeconds}
                  onChange={(event) => set({ windowSeconds: event.target.value })}
                  {...described('source.windowSeconds')}
                />
              </label>
              {errorOf('source.windowSeconds')}
              </div>
              <div className="field-wrap">
              <label className="field">
                <span>Label filter (optional)</span>
                <input
                  value={draft.labelFilter}
                  placeholder="route=/api/orders, method=POST"
                  onChange={(event) => set({ labelFilter: event.target.value })}
                  {...described('source.labels')}
                />
              </label>
              {errorOf('source.labels')}
              </div>
            </div>
          ) : (
            <label className="field">
              <span>Counter</span>
              <select value={draft.counter} onChange={(event) => set({ counter: event.target.value as RuleDraft['counter'] })}>
                {LIVE_COUNTERS.map((counter) => (
                  <option key={counter} value={counter}>
                    {counterLabel(counter)}
                  </option>
                ))}
              </select>
            </label>
          )}
        </fieldset>
        <fieldset className="fieldset">
          <legend>Thresholds</legend>
          <label className="field field-narrow">
            <span>Operator</span>
            <select value={draft.operator} onChange={(event) => set({ operator: event.target.value as RuleDraft['operator'] })}>
              {ALERT_OPERATORS.map((operator) => (
                <option key={operator} value={operator}>
                  {operator}
                </option>
              ))}
            </select>
          </label>
          {errorOf('thresholds')}
          {draft.thresholds.map((threshold, index) => (
            <div className="threshold-row" key={index} role="group" aria-label={`Threshold ${index + 1}`}>
              <label className="field">
                <span>Severity</span>
                <select value={threshold.severity} onChange={(event) => setThreshold(index, { severity: event.target.value as AlertSeverity })}>
                  {ALERT_SEVERITIES.map((severity) => (
                    <option key={severity} value={severity}>
                      {severity}
                    </option>
                  ))}
                </select>
              </label>
              <div className="field-wrap">
              <label className="field">
                <span>Value</span>
                <input
                  inputMode="decimal"
                  value={threshold.value}
                  onChange={(event) => setThreshold(index, { value: event.target.value })}
                  {...described(`thresholds.${index}.value`)}
                />
              </label>
              {errorOf(`thresholds.${index}.value`)}
              </div>
              <div className="field-wrap">
              <label className="field">
                <span>For (seconds)</span>
                <input
                  inputMode="numeric"
                  value={threshold.forSeconds}
                  onChange={(event) => setThreshold(index, { forSeconds: event.target.value })}
                  {...described(`thresholds.${index}.forSeconds`)}
                />
              </label>
              {errorOf(`thresholds.${index}.forSeconds`)}
              </div>
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
          <div className="field-wrap field-narrow">
          <label className="field field-narrow">
            <span>Keep firing for (seconds)</span>
            <input
              inputMode="numeric"
              value={draft.keepFiringForSeconds}
              onChange={(event) => set({ keepFiringForSeconds: event.target.value })}
              {...described('keepFiringForSeconds')}
            />
          </label>
          {errorOf('keepFiringForSeconds')}
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
