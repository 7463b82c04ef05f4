import type { ReactNode } from 'react';
import type { Me, OrganizationSummary } from '@pulse/api-contract/schemas';
import { useCloseNotice } from '../api/ApiProvider.tsx';
import { ConnectionBadge } from '../live/ConnectionBadge.tsx';
import type { ConnectionSnapshot } from '../live/connection-status.ts';
import { formatRole } from '../dashboard/format.ts';
import styles from './AppHeader.module.css';

type Props = {
  user: Me;
  organization: OrganizationSummary | null;
  onSelectOrganization(id: string): void;
  connection: ConnectionSnapshot;
  onSignOut(): void;
  /** The navigation and the notification bell, between the title and the user. */
  children?: ReactNode;
};

export function AppHeader({ user, organization, onSelectOrganization, connection, onSignOut, children }: Props) {
  const organizations = user.viewableOrganizations;
  const role = user.platformRole ?? user.orgRole;
  const closeNotice = useCloseNotice();
  return (
    <header className={styles.topbar}>
      {closeNotice && (
        <p role="alert" className={`banner ${styles.notice}`} data-testid="live-close-notice">
          {closeNotice}
        </p>
      )}
      <div className={styles.title}>
        <span className={styles.brand} aria-hidden="true">
          Pulse
        </span>
        <h1>{organization?.name ?? 'Pulse'}</h1>
        {organizations.length > 1 && (
          <label className={styles.orgSelect}>
            <span>Organization</span>
            <select value={organization?.id ?? ''} onChange={(event) => onSelectOrganization(event.target.value)}>
              {organizations.map((org) => (
                <option key={org.id} value={org.id}>
                  {org.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {children}
      <div className={styles.side}>
        <ConnectionBadge snapshot={connection} />
        <p className={styles.user}>
          <span title={user.email}>
            {user.name}
          </span>
          <span className={styles.role}>{formatRole(role)}</span>
        </p>
        <button type="button" className="button button-quiet" onClick={onSignOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}
