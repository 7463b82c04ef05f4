import { useState } from 'react';
import type { AlertView } from '@pulse/api-contract/schemas';
import { describeError } from '../../api/errors.ts';
import { trpc } from '../../api/trpc.ts';

const SILENCE_DURATIONS = [
  { seconds: 3600, label: '1 hour' },
  { seconds: 4 * 3600, label: '4 hours' },
  { seconds: 86_400, label: '1 day' },
];

type Props = { organizationId: string; alert: AlertView; onChanged(alert: AlertView): void };

/** Acknowledge (with a comment), resolve, or silence the alert's rule for a while. */
export function AlertActions({ organizationId, alert, onChanged }: Props) {
  const utils = trpc.useUtils();
  const [comment, setComment] = useState('');
  const [silenceFor, setSilenceFor] = useState(3600);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const acknowledge = trpc.alerts.acknowledge.useMutation();
  const resolve = trpc.alerts.resolve.useMutation();
  const silence = trpc.alerts.silences.create.useMutation();
  const busy = acknowledge.isPending || resolve.isPending || silence.isPending;

  const run = async (action: () => Promise<AlertView>, done: string) => {
    setError(null);
    setNotice(null);
    try {
      onChanged(await action());
      setComment('');
      setNotice(done);
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  const input = { organizationId, id: alert.id, ...(comment.trim() ? { comment: comment.trim() } : {}) };
  const canAcknowledge = alert.status === 'triggered';
  const canResolve = alert.status === 'triggered' || alert.status === 'acknowledged';
  if (alert.status === 'resolved') return null;

  return (
    <form className="alert-actions" aria-label="Alert actions" onSubmit={(event) => event.preventDefault()}>
      <label className="field">
        <span>Comment (optional)</span>
        <textarea value={comment} rows={2} maxLength={2000} onChange={(event) => setComment(event.target.value)} />
      </label>
      <div className="button-row">
        {canAcknowledge && (
          <button
            type="button"
            className="button button-primary"
            disabled={busy}
            onClick={() => void run(() => acknowledge.mutateAsync(input), 'Acknowledged.')}
          >
            Acknowledge
          </button>
        )}
        {canResolve && (
          <button type="button" className="button" disabled={busy} onClick={() => void run(() => resolve.mutateAsync(input), 'Resolved.')}>
            Resolve
          </button>
        )}
        <label className="inline-field">
          <span>Silence rule for</span>
          <select value={silenceFor} onChange={(event) => setSilenceFor(Number(event.target.value))}>
            {SILENCE_DURATIONS.map((option) => (
              <option key={option.seconds} value={option.seconds}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() =>
            void run(async () => {
              await silence.mutateAsync({
                organizationId,
                ruleId: alert.rule.id,
                durationSeconds: silenceFor,
                comment: comment.trim(),
              });
              // The silence changes the alert's state: its detail, fetched again, has the new one.
              return utils.alerts.get.fetch({ organizationId, id: alert.id }, { staleTime: 0 }).then((detail) => detail.alert);
            }, 'Silenced. See Silences to end it early.')
          }
        >
          Silence
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
    </form>
  );
}
