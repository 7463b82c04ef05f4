import type { ReactNode } from 'react';
import type { Me, OrganizationSummary } from '@pulse/api-contract/schemas';
import { ConnectionBadge } from '../live/ConnectionBadge.tsx';
import type { ConnectionSnapshot } from '../live/connection-status.ts';
import { formatRole } from '../dashboard/format.ts';

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
  return (
    <header className="topbar">
      <div className="topbar-title">
        <span className="brand" aria-hidden="true">
          Pulse
        </span>
        <h1>{organization?.name ?? 'Pulse'}</h1>
        {organizations.length > 1 && (
          <label className="org-select">
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
      <div className="topbar-side">
        <ConnectionBadge snapshot={connection} />
        <p className="user">
          <span className="user-name" title={user.email}>
            {user.name}
          </span>
          <span className="user-role">{formatRole(role)}</span>
        </p>
        <button type="button" className="button button-quiet" onClick={onSignOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}
