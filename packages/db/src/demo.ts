import type { SubscriptionStatus, SubscriptionTier } from './entities/organization.entity.ts';
import type { OrgRole, PlatformRole } from '@pulse/api-contract/schemas';

// The demo tenant data, shared by seedDemo(), tests and the docs. Every demo user has the
// same password; the ingest keys are fixed so examples can be copied and pasted.

export const DEMO_PASSWORD = 'pulse-demo';

export interface DemoOrganization {
  slug: string;
  name: string;
  subscriptionTier: SubscriptionTier;
  subscriptionStatus: SubscriptionStatus;
  /** the first one is the headquarters: the departments and the scoped demo users sit there */
  branches: readonly [string, ...string[]];
  departments: readonly string[];
}

export const DEMO_ORGANIZATIONS: readonly DemoOrganization[] = [
  {
    slug: 'acme',
    name: 'Acme',
    subscriptionTier: 'pro',
    subscriptionStatus: 'active',
    branches: ['Berlin HQ', 'Lisbon'],
    departments: ['Engineering', 'Sales', 'People'],
  },
  {
    slug: 'globex',
    name: 'Globex',
    subscriptionTier: 'free',
    subscriptionStatus: 'trialing',
    branches: ['Austin', 'Toronto'],
    departments: ['Engineering', 'Sales', 'People'],
  },
];

export interface DemoUser {
  email: string;
  name: string;
  organizationSlug: string | null;
  orgRole: OrgRole | null;
  platformRole: PlatformRole | null;
  branch: string | null;
  department: string | null;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { email: 'owner@acme.test', name: 'Olivia Owner', organizationSlug: 'acme', orgRole: 'OWNER', platformRole: null, branch: null, department: null },
  { email: 'leader@acme.test', name: 'Leo Leader', organizationSlug: 'acme', orgRole: 'LEADER', platformRole: null, branch: 'Berlin HQ', department: null },
  { email: 'manager@acme.test', name: 'Mia Manager', organizationSlug: 'acme', orgRole: 'MANAGER', platformRole: null, branch: 'Berlin HQ', department: 'Engineering' },
  { email: 'owner@globex.test', name: 'Gus Owner', organizationSlug: 'globex', orgRole: 'OWNER', platformRole: null, branch: null, department: null },
  // platform administrators of one organization: they manage its alert rules and alerts
  { email: 'admin@acme.test', name: 'Adam Admin', organizationSlug: 'acme', orgRole: null, platformRole: 'ADMIN', branch: null, department: null },
  { email: 'admin@globex.test', name: 'Gia Admin', organizationSlug: 'globex', orgRole: null, platformRole: 'ADMIN', branch: null, department: null },
  { email: 'admin@pulse.test', name: 'Ada Admin', organizationSlug: null, orgRole: null, platformRole: 'SUPERADMIN', branch: null, department: null },
];

export interface DemoIngestKey {
  key: string;
  name: string;
  organizationSlug: string;
}

export const DEMO_INGEST_KEYS: readonly DemoIngestKey[] = [
  { key: 'pk_demo_acme', name: 'Demo key', organizationSlug: 'acme' },
  { key: 'pk_demo_globex', name: 'Demo key', organizationSlug: 'globex' },
];
