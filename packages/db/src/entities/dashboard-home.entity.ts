import { defineEntity, p } from '@mikro-orm/core';
import { DashboardConfig } from './dashboard-config.entity.ts';
import { Organization } from './organization.entity.ts';
import { User } from './user.entity.ts';

// Which dashboard a user opens first in an organization (a SUPERADMIN has one per organization
// they open). No dashboard means the user chose the built-in one; no row means they chose
// nothing, and their role's default applies. Deleting the dashboard deletes the choice.
export const DashboardHomeSchema = defineEntity({
  name: 'DashboardHome',
  tableName: 'dashboard_homes',
  properties: {
    organization: () => p.manyToOne(Organization).ref().primary().deleteRule('cascade'),
    user: () => p.manyToOne(User).ref().primary().deleteRule('cascade'),
    dashboard: () => p.manyToOne(DashboardConfig).ref().nullable().deleteRule('cascade').index(),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
});

export class DashboardHome extends DashboardHomeSchema.class {}
DashboardHomeSchema.setClass(DashboardHome);
