import { defineEntity, p } from '@mikro-orm/core';
import { baseProperties } from './base.properties.ts';
import { Organization } from './organization.entity.ts';

export const BranchSchema = defineEntity({
  name: 'Branch',
  tableName: 'branches',
  properties: {
    ...baseProperties,
    organization: () => p.manyToOne(Organization).ref().deleteRule('cascade'),
    name: p.text(),
  },
  // also serves the organization_id lookups (and the cascade from organizations)
  uniques: [{ properties: ['organization', 'name'] }],
});

export class Branch extends BranchSchema.class {}
BranchSchema.setClass(Branch);
