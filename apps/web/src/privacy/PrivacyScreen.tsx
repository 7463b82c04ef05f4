import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import type { FieldPath } from 'react-hook-form';
import { Link, useSearchParams } from 'react-router';
import { DEFAULT_MASKING_POLICY, MaskingPolicyFields } from '@pulse/api-contract/schemas';
import type { MaskingPolicy } from '@pulse/api-contract/schemas';
import { describeError, errorCode, isApiError } from '../api/errors.ts';
import { trpc } from '../api/trpc.ts';
import { formatDateTime } from '../ui/format.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { describePolicy, EXAMPLE_EVENT, maskExample } from './masking-example.ts';
import { PropertyChips } from './PropertyChips.tsx';
import styles from './PrivacyScreen.module.css';

type Props = { organizationId: string; organizationName: string };

const SERVER_REFUSED = 'The server did not accept the policy: see the messages next to the fields.';

/** The policy's own fields, as the form edits them. */
const fieldsOf = (policy: MaskingPolicyFields): MaskingPolicyFields => ({
  pseudonymizeUserIds: policy.pseudonymizeUserIds,
  hideNetworkDetails: policy.hideNetworkDetails,
  personalProperties: [...policy.personalProperties],
});

/** The organization's masking policy: what LEADER and MANAGER see of people. OWNER and ADMIN edit it. */
export function PrivacyScreen({ organizationId, organizationName }: Props) {
  const policy = trpc.privacy.policy.useQuery({ organizationId });
  return (
    <section className="admin" aria-labelledby="privacy-heading">
      <div className="admin-head">
        <h2 id="privacy-heading">Privacy</h2>
      </div>
      <p className="muted">
        What leaders and managers of {organizationName} see of the people in your data. Owners and administrators always see the data as stored. The
        server masks every answer and live update before it leaves, so nothing hidden here reaches their browser.
      </p>
      <QueryState query={policy} what="The masking policy">
        {(data) => <PolicyForm organizationId={organizationId} policy={data} />}
      </QueryState>
    </section>
  );
}

function PolicyForm({ organizationId, policy }: { organizationId: string; policy: MaskingPolicy }) {
  const utils = trpc.useUtils();
  const update = trpc.privacy.updatePolicy.useMutation();
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [search] = useSearchParams();
  const form = useForm<MaskingPolicyFields>({
    defaultValues: fieldsOf(policy),
    resolver: zodResolver(MaskingPolicyFields),
    mode: 'onSubmit',
    reValidateMode: 'onChange',
  });
  const { control, register, handleSubmit, setError, clearErrors, watch, reset, formState } = form;
  const { errors, isSubmitting, isDirty } = formState;
  const draft = watch();

  // The server's answer is about what was sent: any change makes it old news.
  useEffect(() => {
    const subscription = watch(() => {
      clearErrors('root.server');
      setSavedAt(null);
    });
    return () => subscription.unsubscribe();
  }, [watch, clearErrors]);

  const save = handleSubmit(async (fields) => {
    try {
      const saved = await update.mutateAsync({ organizationId, ...fields });
      reset(fieldsOf(saved));
      utils.privacy.policy.setData({ organizationId }, saved);
      setSavedAt(saved.updatedAt ?? new Date().toISOString());
    } catch (failure) {
      const issues = isApiError(failure) && errorCode(failure) === 'BAD_REQUEST' ? (failure.data?.issues ?? []) : [];
      if (issues.length === 0) {
        setError('root.server', { type: 'server', message: `The policy was not saved: ${describeError(failure)}` });
        return;
      }
      setError('root.server', { type: 'server', message: SERVER_REFUSED });
      for (const issue of issues) {
        const path = issue.path.map(String).join('.');
        if (path.startsWith('pseudonymizeUserIds') || path.startsWith('hideNetworkDetails') || path.startsWith('personalProperties')) {
          setError(path as FieldPath<MaskingPolicyFields>, { type: 'server', message: issue.message });
        } else setError('root.general', { type: 'server', message: issue.message });
      }
    }
  });

  const isSafeDefault = JSON.stringify(fieldsOf(draft)) === JSON.stringify(DEFAULT_MASKING_POLICY);
  const fieldErrors = Object.keys(errors).some((key) => key !== 'root');
  const shownError = errors.root?.server?.message ?? (fieldErrors ? 'Some fields need attention: see the messages next to them.' : null);
  const org = search.get('org');
  const auditLink = { pathname: '/audit', search: `?${new URLSearchParams({ ...(org ? { org } : {}), action: 'privacy.policy.updated' }).toString()}` };
  const itemErrors = Array.isArray(errors.personalProperties) ? errors.personalProperties.map((issue) => issue?.message) : [];

  return (
    <div className={styles.layout}>
      <form className={`card ${styles.form}`} aria-label="Masking policy" noValidate onSubmit={(event) => void save(event)}>
        <h3>Masking policy</h3>
        <p className="muted small">
          {policy.isDefault
            ? 'The safe default: never changed for this organization.'
            : `Last changed ${policy.updatedAt ? formatDateTime(policy.updatedAt) : ''}.`}{' '}
          <Link to={auditLink}>See every change in the audit log</Link>
        </p>
        {shownError && (
          <div className="form-error" role="alert">
            <p>{shownError}</p>
            {errors.root?.general?.message && <p>{errors.root.general.message}</p>}
          </div>
        )}
        <fieldset className={styles.fieldset}>
          <legend>Below owner (leaders and managers)</legend>
          <label className={styles.check}>
            <input type="checkbox" aria-describedby="privacy-pseudonymize-hint" {...register('pseudonymizeUserIds')} />
            <span>
              <strong>Pseudonymize user ids</strong>
              <span id="privacy-pseudonymize-hint" className="muted small">
                User and session ids become stable pseudonyms such as “user-Xk3v9QpL2a7M”.
              </span>
            </span>
          </label>
          {errors.pseudonymizeUserIds?.message && <p className="field-error">{errors.pseudonymizeUserIds.message}</p>}
          <label className={styles.check}>
            <input type="checkbox" aria-describedby="privacy-network-hint" {...register('hideNetworkDetails')} />
            <span>
              <strong>Hide IP addresses and user agents</strong>
              <span id="privacy-network-hint" className="muted small">
                Properties named ip, ipAddress, ip_address, remoteAddress, userAgent, user_agent or ua are never sent.
              </span>
            </span>
          </label>
          {errors.hideNetworkDetails?.message && <p className="field-error">{errors.hideNetworkDetails.message}</p>}
        </fieldset>
        <fieldset className={styles.fieldset}>
          <legend>Personal properties</legend>
          <p className="muted small">Left out of every event at any depth, names compared without regard to case.</p>
          <Controller
            control={control}
            name="personalProperties"
            render={({ field }) => (
              <PropertyChips value={field.value} onChange={field.onChange} error={errors.personalProperties?.message ?? errors.personalProperties?.root?.message} itemErrors={itemErrors} />
            )}
          />
        </fieldset>
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={isSubmitting}>
            {isSubmitting ? 'Saving…' : 'Save policy'}
          </button>
          <button
            type="button"
            className="button"
            disabled={isSafeDefault}
            onClick={() => form.reset(fieldsOf(DEFAULT_MASKING_POLICY), { keepDefaultValues: true })}
          >
            Restore the safe default
          </button>
          {isDirty && !isSubmitting && (
            <button type="button" className="button button-quiet" onClick={() => reset()}>
              Undo changes
            </button>
          )}
        </div>
        <p className={styles.saved} role="status">
          {savedAt ? `Saved. Leaders and managers see the new policy within 10 seconds.` : isDirty ? 'Unsaved changes.' : ''}
        </p>
      </form>
      <aside className={`card ${styles.explain}`} aria-labelledby="privacy-effect-heading">
        <h3 id="privacy-effect-heading">What leaders and managers will see</h3>
        <ul className={styles.sentences}>
          {describePolicy(draft).map((sentence) => (
            <li key={sentence}>{sentence}</li>
          ))}
        </ul>
        <h4>An event, before and after</h4>
        <div className={styles.example}>
          <figure>
            <figcaption>As stored (owners, administrators)</figcaption>
            <pre aria-label="Example event as stored">{JSON.stringify(EXAMPLE_EVENT, null, 2)}</pre>
          </figure>
          <figure>
            <figcaption>As leaders and managers receive it</figcaption>
            <pre aria-label="Example event as masked">{JSON.stringify(maskExample(draft), null, 2)}</pre>
          </figure>
        </div>
      </aside>
    </div>
  );
}
