import { screen } from '@testing-library/react';
import type { Dashboard, DashboardHome, UserActor, DashboardUpdate, LayoutItem, Widget, WidgetResult, WidgetsData } from '@pulse/api-contract/schemas';
import { NotFoundError } from '@pulse/api-contract/errors';
import type { FakeServices } from './fake-services.ts';
import { ACME } from './fixtures.ts';

/** A metric card over a live counter: what every test widget is (the widget types are the widgets branch's). */
export function makeWidget(id: string, title: string): Widget {
  return { id, title, type: 'metric_card', query: { source: 'counters', counter: 'active_users' }, options: { numberFormat: 'integer', decimals: 0, thresholds: [] } };
}

/** Four small widgets a row on `lg`, as the seeded dashboards place metric cards. */
function packedLayout(widgets: readonly Widget[]): LayoutItem[] {
  return widgets.map((widget, index) => ({ widgetId: widget.id, x: (index % 4) * 3, y: Math.floor(index / 4) * 2, w: 3, h: 2 }));
}

export function makeDashboard(overrides: Partial<Dashboard> & Pick<Dashboard, 'id' | 'name'>): Dashboard {
  const widgets = overrides.widgetPreferences ?? [];
  const at = new Date('2026-12-01T08:00:00Z').toISOString();
  return {
    organizationId: ACME.id,
    userId: null,
    role: null,
    visibility: 'organization',
    layoutConfig: { lg: packedLayout(widgets) },
    widgetPreferences: widgets,
    themeSettings: { mode: 'light', primaryColor: '#1976d2' },
    isDefault: false,
    builtIn: false,
    version: 1,
    canEdit: false,
    createdAt: at,
    updatedAt: at,
    updatedBy: null,
    ...overrides,
  };
}

export function makeResult(widgetId: string, value: number | null, asOf = new Date().toISOString()): WidgetResult {
  return { widgetId, asOf, range: null, data: { shape: 'scalar', value }, compare: null, error: null, stale: null };
}

/** Every widget of `dashboard` answering `valueFor(widgetId)` (7 unless given). */
export function makeWidgetsData(dashboard: Dashboard, version = 1, valueFor: (widgetId: string) => number | null = () => 7): WidgetsData {
  const asOf = new Date().toISOString();
  return { asOf, version, widgets: dashboard.widgetPreferences.map((widget) => makeResult(widget.id, valueFor(widget.id), asOf)) };
}

export function makeUpdate(version: number, results: WidgetResult[]): DashboardUpdate {
  return { version, widgets: results };
}

/** The role default a MANAGER of Acme opens: two cards. */
export const MANAGER_DEFAULT = makeDashboard({
  id: '11111111-1111-4111-8111-111111111111',
  name: 'Department overview',
  role: 'MANAGER',
  visibility: 'role',
  isDefault: true,
  widgetPreferences: [makeWidget('active-users', 'Active users'), makeWidget('events-today', 'Events today')],
});

/** The OWNER's default: the whole organization. */
export const OWNER_DEFAULT = makeDashboard({
  id: '22222222-2222-4222-8222-222222222222',
  name: 'Organization overview',
  role: 'OWNER',
  visibility: 'role',
  isDefault: true,
  widgetPreferences: [makeWidget('api-calls', 'API calls per minute'), makeWidget('logins', 'Logins per hour'), makeWidget('products', 'Products created today')],
});

/**
 * The dashboards services of a test, as the server answers them: `dashboards` are what the
 * caller may see; the home is their own choice (`homeId`, or what `setHome` chose), else
 * their role's default, else the first. `widgets.data` answers each widget of a dashboard
 * with `valueFor(widgetId)` (7 unless given) at `version`.
 */
export function fakeDashboards(options: { dashboards?: Dashboard[]; homeId?: string; version?: number; valueFor?: (widgetId: string) => number | null } = {}) {
  const dashboards = options.dashboards ?? [MANAGER_DEFAULT];
  let ownHome = options.homeId ?? null;
  const find = (id: string) => {
    const dashboard = dashboards.find((candidate) => candidate.id === id);
    if (!dashboard) throw new NotFoundError('No such dashboard in this organization, or it is not shared with you.');
    return dashboard;
  };
  const home = (actor: UserActor): DashboardHome => {
    if (ownHome !== null) return { source: 'own', dashboard: find(ownHome) };
    const roleDefault = dashboards.find((dashboard) => dashboard.isDefault && dashboard.role === actor.orgRole);
    if (roleDefault) return { source: 'role_default', dashboard: roleDefault };
    const [first] = dashboards;
    if (!first) throw new Error('fakeDashboards needs at least one dashboard');
    return { source: 'built_in', dashboard: first };
  };
  return {
    dashboards: {
      home: (actor) => home(actor),
      list: (actor) => ({
        items: dashboards.map(({ id, userId, role, name, visibility, isDefault, builtIn, version, canEdit, updatedAt, widgetPreferences }) => ({
          id,
          userId,
          role,
          name,
          visibility,
          isDefault,
          builtIn,
          version,
          canEdit,
          updatedAt,
          widgetCount: widgetPreferences.length,
          isHome: id === home(actor).dashboard.id,
        })),
      }),
      get: (_actor, _organizationId, id) => find(id),
      setHome: (actor, _organizationId, input) => {
        ownHome = input.id === null ? null : find(input.id).id;
        return home(actor);
      },
    },
    widgets: {
      data: (_actor, _organizationId, input) => makeWidgetsData(find(input.dashboardId ?? ''), options.version ?? 1, options.valueFor),
    },
  } satisfies FakeServices;
}

/** The dashboard screen is up: the home dashboard of `fakeDashboards()` (where everyone lands) has its name on screen. */
export function findHomeDashboard(): Promise<HTMLElement> {
  return screen.findByRole('heading', { name: MANAGER_DEFAULT.name });
}
