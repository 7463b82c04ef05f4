import styles from './ErrorState.module.css';

type Props = { message: string; onRetry(): void };

/** The dashboard could not load: what went wrong, and what to do about it. */
export function ErrorState({ message, onRetry }: Props) {
  return (
    <div className="card error-state" role="alert">
      <h2>The dashboard could not load</h2>
      <p>{message}</p>
      <p className={styles.hint}>
        If you run Pulse yourself, start it with <code>pnpm start</code> and check <a href="/health">/health</a>.
      </p>
      <button type="button" className="button" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
