import { createHashRouter, Navigate, Outlet, RouterProvider, useOutletContext } from 'react-router';
import { createContext, useContext, useState } from 'react';
import { z } from 'zod';
import type { Me, OrganizationSummary } from '@pulse/api-contract/schemas';
import { AlertsScreen } from '../admin/alerts/AlertsScreen.tsx';
import { AlertsSearch } from '../admin/alerts/alert-filter.ts';
import { RulesScreen } from '../admin/rules/RulesScreen.tsx';
import { SilencesScreen } from '../admin/silences/SilencesScreen.tsx';
import { AuditSearch } from '../audit/audit-filter.ts';
import { AuditScreen } from '../audit/AuditScreen.tsx';
import { DashboardScreen } from '../dashboards/DashboardScreen.tsx';
import { PrivacyScreen } from '../privacy/PrivacyScreen.tsx';
import { AppShell } from './AppShell.tsx';
import { canAdminister, canEditPrivacy, canReadAudit, pickOrganization } from './navigation.ts';
import { useTypedSearch } from './search-params.ts';

/** `?org=`: the organization a SUPERADMIN picked; the navigation keeps it on every link. */
export const RootSearch = z.object({ org: z.string().max(64).optional().catch(undefined) });
/** `?dashboard=<id>`: the dashboard on screen (none: the user's home), so a reload or a link opens the same. */
const DashboardSearch = z.object({ dashboard: z.uuid().optional().catch(undefined) });
/** `?all=true`: ended silences too. */
const SilencesSearch = z.object({ all: z.literal('true').optional().catch(undefined) });

/** What the shell hands to every screen (React Router's outlet context). */
type ScreenContext = { user: Me; organization: OrganizationSummary };

/** The signed-in user, kept current by `auth.me` (the routes are created once). */
const UserContext = createContext<Me | null>(null);

function Root() {
  const user = useContext(UserContext);
  if (!user) throw new Error('The routes render only inside <AppRoutes>');
  const [{ org }, setSearch] = useTypedSearch(RootSearch);
  const organization = pickOrganization(user, org);
  return (
    <AppShell user={user} organization={organization} onSelectOrganization={(id) => setSearch({ org: id })}>
      {organization && <Outlet context={{ user, organization } satisfies ScreenContext} />}
    </AppShell>
  );
}

const useScreenContext = () => useOutletContext<ScreenContext>();

function DashboardRoute() {
  const { organization } = useScreenContext();
  const [{ dashboard }, setSearch] = useTypedSearch(DashboardSearch);
  // Keyed by organization: its state starts afresh when a SUPERADMIN switches.
  return <DashboardScreen key={organization.id} organizationId={organization.id} dashboardId={dashboard} onOpen={(id) => setSearch({ dashboard: id })} />;
}

/** Administration: a manager typing `#/rules` lands on the dashboard, and nothing is asked of the server. */
function AdminOnly() {
  const context = useScreenContext();
  if (!canAdminister(context.user)) return <Navigate to="/" replace />;
  return <Outlet context={context} />;
}

/** The audit log: LEADER and MANAGER land on the dashboard (the server refuses them anyway). */
function AuditOnly() {
  const context = useScreenContext();
  if (!canReadAudit(context.user)) return <Navigate to="/" replace />;
  return <Outlet context={context} />;
}

function AuditRoute() {
  const { user, organization } = useScreenContext();
  const [search, setSearch] = useTypedSearch(AuditSearch);
  return (
    <AuditScreen
      key={organization.id}
      organizationId={organization.id}
      organizationName={organization.name}
      canSeeAll={user.platformRole === 'SUPERADMIN'}
      search={search}
      onSearch={setSearch}
    />
  );
}

/** The masking policy: LEADER and MANAGER land on the dashboard, and `privacy.policy` is not asked. */
function PrivacyOnly() {
  const context = useScreenContext();
  if (!canEditPrivacy(context.user)) return <Navigate to="/" replace />;
  return <Outlet context={context} />;
}

function PrivacyRoute() {
  const { organization } = useScreenContext();
  return <PrivacyScreen key={organization.id} organizationId={organization.id} organizationName={organization.name} />;
}

function AlertsRoute() {
  const { organization } = useScreenContext();
  const [search, setSearch] = useTypedSearch(AlertsSearch);
  return <AlertsScreen key={organization.id} organizationId={organization.id} search={search} onSearch={setSearch} />;
}

function RulesRoute() {
  const { organization } = useScreenContext();
  return <RulesScreen key={organization.id} organizationId={organization.id} />;
}

function SilencesRoute() {
  const { organization } = useScreenContext();
  const [{ all }, setSearch] = useTypedSearch(SilencesSearch);
  return (
    <SilencesScreen
      key={organization.id}
      organizationId={organization.id}
      activeOnly={all !== 'true'}
      onActiveOnly={(activeOnly) => setSearch({ all: activeOnly ? undefined : 'true' })}
    />
  );
}

/**
 * The signed-in screens. A data router without loaders (the query cache loads): the first
 * render is synchronous. Hash history (`/#/alerts?status=open&alert=…`): addresses made
 * before this router (bookmarks of `#/rules`) keep working, and no server route is involved.
 */
export function createAppRouter() {
  return createHashRouter([
    {
      path: '/',
      element: <Root />,
      children: [
        { index: true, element: <DashboardRoute /> },
        {
          element: <AdminOnly />,
          children: [
            { path: 'alerts', element: <AlertsRoute /> },
            { path: 'rules', element: <RulesRoute /> },
            { path: 'silences', element: <SilencesRoute /> },
          ],
        },
        { element: <AuditOnly />, children: [{ path: 'audit', element: <AuditRoute /> }] },
        { element: <PrivacyOnly />, children: [{ path: 'privacy', element: <PrivacyRoute /> }] },
        // An address that is no screen lands on the dashboard.
        { path: '*', element: <Navigate to="/" replace /> },
      ],
    },
  ]);
}

/** The routes of one signed-in user. */
export function AppRoutes({ user }: { user: Me }) {
  const [router] = useState(createAppRouter);
  return (
    <UserContext value={user}>
      <RouterProvider router={router} />
    </UserContext>
  );
}
