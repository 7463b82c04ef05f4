import { defineEntity, p } from '@mikro-orm/core';
import { baseProperties } from './base.properties.ts';

export const SUBSCRIPTION_TIERS = ['free', 'pro', 'enterprise'] as const;
export type SubscriptionTier = (typeof SUBSCRIPTION_TIERS)[number];

export const SUBSCRIPTION_STATUSES = ['active', 'trialing', 'past_due', 'canceled'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

export const OrganizationSchema = defineEntity({
  name: 'Organization',
  tableName: 'organizations',
  properties: {
    ...baseProperties,
    name: p.text(),
    slug: p.text().unique(),
    // text + check constraint rather than a native enum type: adding a value later is a
    // plain constraint swap instead of an ALTER TYPE that cannot run inside a transaction.
    subscriptionTier: p.enum(SUBSCRIPTION_TIERS),
    subscriptionStatus: p.enum(SUBSCRIPTION_STATUSES),
  },
});

export class Organization extends OrganizationSchema.class {}
OrganizationSchema.setClass(Organization);
