import { useState } from 'react';
import type { AlertRuleView } from '@pulse/api-contract/schemas';
import { describeError } from '../../api/errors.ts';
import { trpc } from '../../api/trpc.ts';
import { QueryState } from '../../ui/QueryState.tsx';
import { EmptyState, TableCard } from '../../ui/TableCard.tsx';
import { describeSource, describeThresholds, formatValue } from '../format.ts';
import { RuleForm } from './RuleForm.tsx';

type Editing = { mode: 'closed' } | { mode: 'new' } | { mode: 'edit'; rule: AlertRuleView };

/** The organization's alert rules; one at a time opens in the form. */
export function RulesScreen({ organizationId }: { organizationId: string }) {
  const utils = trpc.useUtils();
  const [editing, setEditing] = useState<Editing>({ mode: 'closed' });
  const [error, setError] = useState<string | null>(null);
  const rules = trpc.alerts.rules.list.useQuery({ organizationId });
  const setEnabled = trpc.alerts.rules.setEnabled.useMutation();

  // A saved rule replaces its row in the cached list (or goes on top): no second request.
  const replace = (saved: AlertRuleView) =>
    utils.alerts.rules.list.setData({ organizationId }, (data) =>
      data && { rules: data.rules.some((rule) => rule.id === saved.id) ? data.rules.map((rule) => (rule.id === saved.id ? saved : rule)) : [saved, ...data.rules] },
    );

  const toggle = (rule: AlertRuleView) => {
    setError(null);
    setEnabled.mutate(
      { organizationId, id: rule.id, enabled: !rule.enabled },
      {
        onSuccess: replace,
        onError: (failure) => setError(`Could not ${rule.enabled ? 'disable' : 'enable'} “${rule.name}”: ${describeError(failure)}`),
      },
    );
  };

  return (
    <section className="admin" aria-labelledby="rules-heading">
      <div className="admin-head">
        <h2 id="rules-heading">Alert rules</h2>
        {editing.mode === 'closed' && (
          <button type="button" className="button button-primary" onClick={() => setEditing({ mode: 'new' })}>
            New rule
          </button>
        )}
      </div>
      {editing.mode !== 'closed' && (
        <RuleForm
          key={editing.mode === 'edit' ? editing.rule.id : 'new'}
          organizationId={organizationId}
          {...(editing.mode === 'edit' ? { rule: editing.rule } : {})}
          onSaved={(saved) => {
            replace(saved);
            setEditing({ mode: 'closed' });
          }}
          onCancel={() => setEditing({ mode: 'closed' })}
        />
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <QueryState query={rules} what="The rules">
        {(data) =>
          data.rules.length === 0 ? (
            <EmptyState title="No alert rules yet." hint="Create one to be told when a metric or a live counter crosses a threshold." />
          ) : (
            <TableCard label="Rule list" columns={['Name', 'Watches', 'Thresholds', 'Now', 'Enabled', '']}>
              {data.rules.map((rule) => (
                <tr key={rule.id} data-rule-id={rule.id}>
                  <td>{rule.name}</td>
                  <td>{describeSource(rule.source)}</td>
                  <td>
                    <ul className="plain-list">
                      {describeThresholds(rule).map((line) => (
                        <li key={line}>{line}</li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    <span className={`state state-${rule.state.health}`}>{rule.state.health}</span> {formatValue(rule.state.value)}
                  </td>
                  <td>
                    <label className="inline-field">
                      <input type="checkbox" checked={rule.enabled} onChange={() => toggle(rule)} />
                      <span className="visually-hidden">Enabled: {rule.name}</span>
                      <span aria-hidden="true">{rule.enabled ? 'on' : 'off'}</span>
                    </label>
                  </td>
                  <td>
                    <button type="button" className="button button-quiet" aria-label={`Edit ${rule.name}`} onClick={() => setEditing({ mode: 'edit', rule })}>
                      Edit
                    </button>
                  </td>
                </tr>
              ))}
            </TableCard>
          )
        }
      </QueryState>
    </section>
  );
}
