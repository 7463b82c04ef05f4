import { defineEntity, p } from '@mikro-orm/core';

// The schema document's per-user daily engagement, kept by the `analytics-processing` queue
// from every batch of activity. The user is the sender's user id (any string), not a Pulse
// login, so it has no foreign key. Dates are UTC days.
export const UserEngagementMetricSchema = defineEntity({
  name: 'UserEngagementMetric',
  tableName: 'user_engagement_metrics',
  properties: {
    organizationId: p.uuid().primary(),
    metricDate: p.string().columnType('date').primary(),
    userId: p.text().primary(),
    eventCount: p.integer().default(0),
    loginCount: p.integer().default(0),
    pageViews: p.integer().default(0),
    apiCalls: p.integer().default(0),
    reportsGenerated: p.integer().default(0),
    reportsViewed: p.integer().default(0),
    aiChatMessagesSent: p.integer().default(0),
    employeesAdded: p.integer().default(0),
    productsCreated: p.integer().default(0),
    lastActivityAt: p.datetime(),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
});

export class UserEngagementMetric extends UserEngagementMetricSchema.class {}
UserEngagementMetricSchema.setClass(UserEngagementMetric);
