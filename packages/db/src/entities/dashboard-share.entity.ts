import { defineEntity, p } from '@mikro-orm/core';
import { ORG_ROLES, PLATFORM_ROLES } from '@pulse/api-contract/schemas';
import { createdAtProperty, idProperty } from './base.properties.ts';
import { DashboardConfig } from './dashboard-config.entity.ts';
import { Organization } from './organization.entity.ts';
import { User } from './user.entity.ts';

// A public read-only link to one dashboard. Only the sha256 of its token is stored (tokens are
// 256 random bits, so a fast hash suffices and lets a view look the link up by equality), with
// who shared it and the scope they had then: a view never sees more than that scope. Deleting
// the dashboard, its organization or the sharer deletes the link.
export const DashboardShareSchema = defineEntity({
  name: 'DashboardShare',
  tableName: 'dashboard_shares',
  properties: {
    ...idProperty,
    organization: () => p.manyToOne(Organization).ref().deleteRule('cascade').index(),
    dashboard: () => p.manyToOne(DashboardConfig).ref().deleteRule('cascade').index(),
    sharedBy: () => p.manyToOne(User).ref().deleteRule('cascade').index(),
    tokenHash: p.text().unique(),
    // the sharer's roles and scope when they shared (plain values: a snapshot, not a reference)
    orgRole: p.enum(ORG_ROLES).nullable(),
    platformRole: p.enum(PLATFORM_ROLES).nullable(),
    branchId: p.uuid().nullable(),
    departmentId: p.uuid().nullable(),
    ...createdAtProperty,
    expiresAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
  },
});

export class DashboardShare extends DashboardShareSchema.class {}
DashboardShareSchema.setClass(DashboardShare);
