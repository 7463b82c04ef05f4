import { useState } from 'react';
import type { Me } from '@pulse/api-contract/schemas';
import { useSessionStore } from '../auth/useSession.ts';
import { AdminScreen } from '../admin/AdminScreen.tsx';
import { useConnectionStatus } from '../live/useConnectionStatus.ts';
import { AppNav } from '../nav/AppNav.tsx';
import { screensFor, useScreen } from '../nav/navigation.ts';
import { NotificationBell } from '../notifications/NotificationBell.tsx';
import { DashboardBody } from './DashboardBody.tsx';
import { DashboardHeader } from './DashboardHeader.tsx';

/**
 * The signed-in page: the user's organization, or the one picked from
 * `viewableOrganizations` (a SUPERADMIN sees several).
 */
export function DashboardPage({ user }: { user: Me }) {
  const session = useSessionStore();
  const connection = useConnectionStatus();
  const organizations = user.viewableOrganizations;
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const organization =
    organizations.find((org) => org.id === selectedId) ?? user.organization ?? organizations[0] ?? null;
  // Numbers just loaded over HTTP are fresh while the socket makes its first connection;
  // after a drop (or offline) they may be out of date.
  const screens = screensFor(user);
  const [screen, setScreen] = useScreen(screens);
  const stale = connection.status === 'offline' || (connection.status === 'reconnecting' && connection.connectedBefore);

  return (
    <div className="app-shell">
      <DashboardHeader
        user={user}
        organization={organization}
        onSelectOrganization={setSelectedId}
        connection={connection}
        onSignOut={() => session.signOut()}
      >
        <AppNav screens={screens} current={screen} onSelect={setScreen} />
        <NotificationBell />
      </DashboardHeader>
      <main className="dashboard" id="main">
        {organization && screen !== 'dashboard' ? (
          <AdminScreen key={`${screen}:${organization.id}`} screen={screen} organization={organization} />
        ) : organization ? (
          <DashboardBody key={organization.id} organization={organization} stale={stale} />
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
