import type { ReactNode } from 'react';
import type { Me, OrganizationSummary } from '@pulse/api-contract/schemas';
import { useSessionStore } from '../auth/useSession.ts';
import { useConnectionStatus } from '../live/useConnectionStatus.ts';
import { NotificationBell } from '../notifications/NotificationBell.tsx';
import { AppHeader } from './AppHeader.tsx';
import { AppNav } from './AppNav.tsx';
import { screensFor } from './navigation.ts';

type Props = {
  user: Me;
  /** Null when the account belongs to no organization. */
  organization: OrganizationSummary | null;
  onSelectOrganization(id: string): void;
  /** The screen. */
  children: ReactNode;
};

/** The signed-in frame: header (organization, navigation, bell, connection, user) and the screen. */
export function AppShell({ user, organization, onSelectOrganization, children }: Props) {
  const session = useSessionStore();
  const connection = useConnectionStatus();
  return (
    <div className="app-shell">
      <AppHeader
        user={user}
        organization={organization}
        onSelectOrganization={onSelectOrganization}
        connection={connection}
        onSignOut={() => session.signOut()}
      >
        <AppNav screens={screensFor(user)} />
        <NotificationBell />
      </AppHeader>
      <main className="dashboard" id="main">
        {organization ? (
          children
        ) : (
          <div className="card error-state" role="alert">
            <h2>No organization to show</h2>
            <p>This account belongs to no organization yet. Ask a Pulse administrator to add you to one.</p>
          </div>
        )}
      </main>
    </div>
  );
}
