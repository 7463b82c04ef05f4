import { useState } from 'react';
import type { AlertView } from '@pulse/api-contract/schemas';
import { describeError } from '../../api/errors.ts';
import { useSessionApi } from '../../api/useSessionApi.ts';
import { useSessionStore } from '../../auth/useSession.ts';

const SILENCE_DURATIONS = [
  { seconds: 3600, label: '1 hour' },
  { seconds: 4 * 3600, label: '4 hours' },
  { seconds: 86_400, label: '1 day' },
];

type Props = { organizationId: string; alert: AlertView; onChanged(alert: AlertView): void };

/** Acknowledge (with a comment), resolve, or silence the alert's rule for a while. */
export function AlertActions({ organizationId, alert, onChanged }: Props) {
  const { trpc } = useSessionApi();
  const session = useSessionStore();
  const [comment, setComment] = useState('');
  const [silenceFor, setSilenceFor] = useState(3600);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const run = async (action: () => Promise<AlertView | null>, done: string) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const changed = await session.withAuth(action);
      if (changed) onChanged(changed);
      setComment('');
      setNotice(done);
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
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
            onClick={() => void run(() => trpc.alerts.acknowledge.mutate(input), 'Acknowledged.')}
          >
            Acknowledge
          </button>
        )}
        {canResolve && (
          <button type="button" className="button" disabled={busy} onClick={() => void run(() => trpc.alerts.resolve.mutate(input), 'Resolved.')}>
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
              await trpc.alerts.silences.create.mutate({
                organizationId,
                ruleId: alert.rule.id,
                durationSeconds: silenceFor,
                comment: comment.trim(),
              });
              return trpc.alerts.get.query({ organizationId, id: alert.id }).then((detail) => detail.alert);
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
