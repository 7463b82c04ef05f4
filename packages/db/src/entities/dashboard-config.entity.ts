import { defineEntity, p } from '@mikro-orm/core';
import { DASHBOARD_VISIBILITIES, ORG_ROLES } from '@pulse/api-contract/schemas';
import { baseProperties } from './base.properties.ts';
import { Organization } from './organization.entity.ts';
import { User } from './user.entity.ts';

// The schema document's dashboard_configs, plus what a product needs besides: a name, who may
// see it, and a version for optimistic concurrency (every change is `version = version + 1 where
// version = expected`). The JSON columns hold documents the contract validates
// (`@pulse/api-contract` schemas/dashboard-configs.ts); the database only stores them.
export const DashboardConfigSchema = defineEntity({
  name: 'DashboardConfig',
  tableName: 'dashboard_configs',
  properties: {
    ...baseProperties,
    organization: () => p.manyToOne(Organization).ref().deleteRule('cascade'),
    // The owner of a private dashboard. Shared dashboards (organization, role) belong to the
    // organization, not to whoever made them, so they have none and outlive their author.
    user: () => p.manyToOne(User).ref().nullable().deleteRule('cascade').index(),
    // For visibility `role`: the role that sees it (and whose default it may be).
    role: p.enum(ORG_ROLES).nullable(),
    name: p.text(),
    visibility: p.enum(DASHBOARD_VISIBILITIES),
    layoutConfig: p.json<Record<string, unknown>>(),
    widgetPreferences: p.json<unknown[]>(),
    themeSettings: p.json<Record<string, unknown>>(),
    isDefault: p.boolean().default(false),
    version: p.integer().default(1),
    // plain ids, no foreign keys: the history must survive the people who made it
    createdBy: p.uuid().nullable(),
    updatedBy: p.uuid().nullable(),
  },
  indexes: [{ properties: ['organization', 'visibility'] }],
  // one default per role and organization: what makes seeding role defaults idempotent
  uniques: [{ name: 'dashboard_configs_role_default_unique', properties: ['organization', 'role'], where: 'is_default' }],
});

export class DashboardConfig extends DashboardConfigSchema.class {}
DashboardConfigSchema.setClass(DashboardConfig);
