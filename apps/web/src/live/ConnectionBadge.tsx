import type { ConnectionSnapshot, ConnectionStatus } from './connection-status.ts';
import styles from './ConnectionBadge.module.css';

const LABELS: Record<ConnectionStatus, string> = {
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

const HINTS: Record<ConnectionStatus, string> = {
  live: 'Connected: numbers move as events arrive.',
  reconnecting: 'Connection lost, reconnecting. The numbers may be out of date.',
  offline: 'No connection to the Pulse server. The numbers may be out of date; Pulse keeps retrying.',
};

/** The connection in one word; a polite live region, so a change is announced. */
export function ConnectionBadge({ snapshot }: { snapshot: ConnectionSnapshot }) {
  const { status } = snapshot;
  const label = status === 'reconnecting' && !snapshot.connectedBefore ? 'Connecting…' : LABELS[status];
  return (
    <span role="status" className={`${styles.badge} ${styles[status]}`} data-testid="connection-state" data-state={status} title={HINTS[status]}>
      <span className={styles.dot} aria-hidden="true" />
      {label}
    </span>
  );
}
