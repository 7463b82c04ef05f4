import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useMemo } from 'react';
import { Controller, useFieldArray, useForm } from 'react-hook-form';
import type { FieldPath } from 'react-hook-form';
import { ALERT_OPERATORS, ALERT_SEVERITIES, LIVE_COUNTERS, METRIC_AGGREGATIONS, ORG_ROLES } from '@pulse/api-contract/schemas';
import type { AlertRuleView, CreateAlertRuleInput } from '@pulse/api-contract/schemas';
import { describeError, errorCode, isApiError } from '../../api/errors.ts';
import { trpc } from '../../api/trpc.ts';
import { formatRole } from '../../dashboard/format.ts';
import { SelectField } from '../../ui/SelectField.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { counterLabel } from '../format.ts';
import { draftFromRule, EMPTY_DRAFT, previewInput, ruleFormSchema } from './rule-draft.ts';
import type { RuleDraft } from './rule-draft.ts';
import { RulePreviewPanel } from './RulePreviewPanel.tsx';
import { useRulePreview } from './useRulePreview.ts';
import styles from './RuleForm.module.css';

type Props = {
  organizationId: string;
  /** The rule to edit; absent for a new one. */
  rule?: AlertRuleView;
  onSaved(rule: AlertRuleView): void;
  onCancel(): void;
};

const FIELDS_NEED_ATTENTION = 'Some fields need attention: see the messages next to them.';
const SERVER_REFUSED = 'The server did not accept the rule: see the messages next to the fields.';

/** The server's validation issues, or null when the error is not one. */
function serverIssues(error: unknown): readonly { path: readonly PropertyKey[]; message: string }[] | null {
  if (!isApiError(error) || errorCode(error) !== 'BAD_REQUEST') return null;
  const issues = error.data?.issues;
  return issues && issues.length > 0 ? issues : null;
}

/**
 * Create or edit a rule, checked by the contract's own schema (see `ruleFormSchema`) as the
 * server checks it, with the live preview beside it. Nothing is checked before the first
 * attempt to save; after it, every change checks again, so an issue goes as soon as its field
 * is fixed. Issues the server still finds go next to the fields they name.
 */
export function RuleForm({ organizationId, rule, onSaved, onCancel }: Props) {
  const create = trpc.alerts.rules.create.useMutation();
  const update = trpc.alerts.rules.update.useMutation();
  const resolver = useMemo(() => zodResolver(ruleFormSchema(organizationId)), [organizationId]);
  const form = useForm<RuleDraft, unknown, CreateAlertRuleInput>({
    defaultValues: rule ? draftFromRule(rule) : EMPTY_DRAFT,
    resolver,
    mode: 'onSubmit',
    reValidateMode: 'onChange',
  });
  const { control, register, handleSubmit, setError, clearErrors, watch, formState } = form;
  const { errors, isSubmitting } = formState;
  const thresholds = useFieldArray({ control, name: 'thresholds' });
  const draft = watch();
  const preview = useRulePreview(previewInput(organizationId, draft));

  // The server's answer is about what was sent: any change makes it old news.
  useEffect(() => {
    const subscription = watch(() => clearErrors('root.server'));
    return () => subscription.unsubscribe();
  }, [watch, clearErrors]);

  const save = handleSubmit(async (input) => {
    try {
      const { webhook: _webhook, ...fields } = input;
      onSaved(rule ? await update.mutateAsync({ ...fields, id: rule.id }) : await create.mutateAsync(input));
    } catch (failure) {
      const issues = serverIssues(failure);
      if (!issues) {
        setError('root.server', { type: 'server', message: describeError(failure) });
        return;
      }
      setError('root.server', { type: 'server', message: SERVER_REFUSED });
      for (const issue of issues) {
        const path = issue.path.map(String).join('.');
        // The draft has the contract's shape, so the path is a field's name (or of none: said on top).
        if (path === '' || path === 'source') setError('root.general', { type: 'server', message: issue.message });
        else setError(path as FieldPath<RuleDraft>, { type: 'server', message: issue.message });
      }
    }
  });

  const fieldErrors = Object.keys(errors).some((key) => key !== 'root');
  const shownError = errors.root?.server?.message ?? (fieldErrors ? FIELDS_NEED_ATTENTION : null);
  const general = [errors.root?.general?.message, errors.source?.message].filter(Boolean);
  const thresholdsError = errors.thresholds?.root?.message ?? errors.thresholds?.message;
  const unusedSeverity = ALERT_SEVERITIES.find((severity) => !draft.thresholds.some((threshold) => threshold.severity === severity));

  return (
    <div className={styles.editor}>
      <form className={`card ${styles.form}`} aria-label={rule ? `Edit rule ${rule.name}` : 'New rule'} noValidate onSubmit={(event) => void save(event)}>
        <h3>{rule ? `Edit “${rule.name}”` : 'New rule'}</h3>
        {shownError && (
          <div className="form-error" role="alert">
            <p>{shownError}</p>
            {general.length > 0 && <p>{general.join('; ')}</p>}
          </div>
        )}
        <TextField label="Name" error={errors.name?.message} {...register('name')} />
        <TextField label="Description (optional)" error={errors.description?.message} {...register('description')} />
        <fieldset className={styles.fieldset}>
          <legend>Watches</legend>
          <div className={styles.radioRow}>
            <label>
              <input type="radio" value="metric" {...register('source.kind')} /> A metric
            </label>
            <label>
              <input type="radio" value="counter" {...register('source.kind')} /> A live counter
            </label>
          </div>
          {draft.source.kind === 'metric' ? (
            <div className={styles.fieldGrid}>
              <TextField
                label="Metric name"
                error={errors.source?.metricName?.message}
                placeholder="http_request_duration_ms"
                {...register('source.metricName')}
              />
              <Controller
                control={control}
                name="source.aggregation"
                render={({ field }) => <SelectField label="Aggregation" value={field.value} choices={METRIC_AGGREGATIONS} onChange={field.onChange} />}
              />
              <TextField label="Window (seconds)" error={errors.source?.windowSeconds?.message} inputMode="numeric" {...register('source.windowSeconds')} />
              <TextField
                label="Label filter (optional)"
                error={errors.source?.labels?.message}
                placeholder="route=/api/orders, method=POST"
                {...register('source.labels')}
              />
            </div>
          ) : (
            <Controller
              control={control}
              name="source.counter"
              render={({ field }) => (
                <SelectField
                  label="Counter"
                  value={field.value}
                  choices={LIVE_COUNTERS.map((counter) => ({ value: counter, label: counterLabel(counter) }))}
                  onChange={field.onChange}
                />
              )}
            />
          )}
        </fieldset>
        <fieldset className={styles.fieldset}>
          <legend>Thresholds</legend>
          <Controller
            control={control}
            name="operator"
            render={({ field }) => (
              <SelectField label="Operator" className="field field-narrow" value={field.value} choices={ALERT_OPERATORS} onChange={field.onChange} />
            )}
          />
          {thresholdsError && (
            <p className="field-error" role="alert">
              {thresholdsError}
            </p>
          )}
          {thresholds.fields.map((threshold, index) => (
            <div className={styles.thresholdRow} key={threshold.id} role="group" aria-label={`Threshold ${index + 1}`}>
              <Controller
                control={control}
                name={`thresholds.${index}.severity`}
                render={({ field }) => <SelectField label="Severity" value={field.value} choices={ALERT_SEVERITIES} onChange={field.onChange} />}
              />
              <TextField label="Value" error={errors.thresholds?.[index]?.value?.message} inputMode="decimal" {...register(`thresholds.${index}.value`)} />
              <TextField
                label="For (seconds)"
                error={errors.thresholds?.[index]?.forSeconds?.message}
                inputMode="numeric"
                {...register(`thresholds.${index}.forSeconds`)}
              />
              {thresholds.fields.length > 1 && (
                <button
                  type="button"
                  className="button button-quiet"
                  aria-label={`Remove the ${draft.thresholds[index]?.severity ?? threshold.severity} threshold`}
                  onClick={() => thresholds.remove(index)}
                >
                  Remove
                </button>
              )}
            </div>
          ))}
          {unusedSeverity && (
            <button type="button" className="button button-quiet" onClick={() => thresholds.append({ severity: unusedSeverity, value: '', forSeconds: '0' })}>
              Add threshold
            </button>
          )}
          <TextField
            label="Keep firing for (seconds)"
            error={errors.keepFiringForSeconds?.message}
            inputMode="numeric"
            narrow
            {...register('keepFiringForSeconds')}
          />
        </fieldset>
        <fieldset className={styles.fieldset}>
          <legend>Also notify (in-app)</legend>
          <p className="muted small">Platform administrators are always notified. Add organization roles to tell them too.</p>
          <div className={styles.radioRow}>
            {ORG_ROLES.map((role) => (
              <label key={role} className="inline-field">
                <input type="checkbox" value={role} {...register('notifyOrgRoles')} />
                <span>{formatRole(role)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <label className="inline-field">
          <input type="checkbox" {...register('enabled')} />
          <span>Enabled</span>
        </label>
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={isSubmitting}>
            {isSubmitting ? 'Saving…' : rule ? 'Save rule' : 'Create rule'}
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
