import type { PreviewState } from './useRulePreview.ts';
import { formatDateTime, formatSeconds, formatValue } from '../format.ts';
import styles from './RulePreviewPanel.module.css';

/** The draft's watched value now against each threshold. */
export function RulePreviewPanel({ state, operator }: { state: PreviewState; operator: string }) {
  return (
    <aside className={`card ${styles.preview}`} aria-label="Live preview" aria-live="polite">
      <h3>Live preview</h3>
      {state.status === 'idle' && <p className="muted">Fill in what to watch and at least one threshold to see the current value.</p>}
      {state.status === 'error' && (
        <p className="form-error" role="alert">
          The preview could not load: {state.message}
        </p>
      )}
      {state.status === 'ready' && (
        <>
          <p className={styles.value}>
            Current value: <strong data-testid="preview-value">{formatValue(state.preview.value)}</strong>
          </p>
          <ul className={styles.thresholds}>
            {state.preview.thresholds.map((threshold) => (
              <li key={threshold.severity} data-holds={threshold.holds}>
                <span className={`severity severity-${threshold.severity}`}>{threshold.severity}</span> {operator} {formatValue(threshold.value)}{' '}
                for {formatSeconds(threshold.forSeconds)}: <strong>{threshold.holds ? 'holds now' : 'does not hold'}</strong>
              </li>
            ))}
          </ul>
          <p className="muted">
            {state.preview.wouldFire ? `Would fire at ${state.preview.wouldFire} (after its duration).` : 'Would not fire now.'} Checked{' '}
            {formatDateTime(state.preview.evaluatedAt)}.
          </p>
        </>
      )}
    </aside>
  );
}
