import { defineEntity, p } from '@mikro-orm/core';
import { DashboardConfig } from './dashboard-config.entity.ts';

// A dashboard's kept history: one full snapshot per version (name, visibility, role, layout,
// widgets, theme), written in the transaction that makes the version, which also deletes the
// versions older than the last 50. Restoring copies a snapshot into a new version.
export const DashboardVersionSchema = defineEntity({
  name: 'DashboardVersion',
  tableName: 'dashboard_versions',
  properties: {
    dashboard: () => p.manyToOne(DashboardConfig).ref().primary().deleteRule('cascade'),
    version: p.integer().primary(),
    // every statement filters by it, as on every tenant table
    organizationId: p.uuid(),
    snapshot: p.json<Record<string, unknown>>(),
    // what changed, written by the server from the difference to the previous version
    summary: p.text(),
    // the author's own words, if they gave any
    note: p.text().nullable(),
    createdBy: p.uuid().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
  },
  indexes: [{ properties: ['organizationId'] }],
});

export class DashboardVersion extends DashboardVersionSchema.class {}
DashboardVersionSchema.setClass(DashboardVersion);
