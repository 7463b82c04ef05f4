import type { SqlRow } from '@pulse/db';
import type { Dashboard, DashboardContent, LayoutConfig, ThemeSettings, UserActor, Widget } from '@pulse/api-contract/schemas';
import { type Shared, mayEdit } from './dashboard-access.ts';

/**
 * A dashboard_configs row as runSql returns it (timestamps as text, typed from the entity); the
 * JSON columns hold the contract's documents, which the database only stores.
 */
export type DashboardRow = Pick<
  SqlRow<'dashboard_configs'>,
  'id' | 'organization_id' | 'user_id' | 'role' | 'name' | 'visibility' | 'is_default' | 'version' | 'created_at' | 'updated_at' | 'updated_by'
> & { layout_config: LayoutConfig; widget_preferences: Widget[]; theme_settings: ThemeSettings };

export const DASHBOARD_COLUMNS = `d.id, d.organization_id, d.user_id, d.role, d.name, d.visibility, d.layout_config, d.widget_preferences,
  d.theme_settings, d.is_default, d.version, d.created_at, d.updated_at, d.updated_by`;

const iso = (timestamp: string) => new Date(timestamp).toISOString();

export const sharedOf = (row: DashboardRow): Shared => ({ visibility: row.visibility, userId: row.user_id });

export function contentOf(row: DashboardRow): DashboardContent {
  return {
    name: row.name,
    visibility: row.visibility,
    role: row.role,
    layoutConfig: row.layout_config,
    widgetPreferences: row.widget_preferences,
    themeSettings: row.theme_settings,
  };
}

export function toDashboard(row: DashboardRow, actor: UserActor): Dashboard {
  return {
    ...contentOf(row),
    id: row.id,
    organizationId: row.organization_id,
    userId: row.user_id,
    isDefault: row.is_default,
    builtIn: false,
    version: row.version,
    canEdit: mayEdit(actor, sharedOf(row)),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    updatedBy: row.updated_by,
  };
}
