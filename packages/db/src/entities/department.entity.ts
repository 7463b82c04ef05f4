import { defineEntity, p } from '@mikro-orm/core';
import { baseProperties } from './base.properties.ts';
import { Branch } from './branch.entity.ts';
import { Organization } from './organization.entity.ts';

export const DepartmentSchema = defineEntity({
  name: 'Department',
  tableName: 'departments',
  properties: {
    ...baseProperties,
    organization: () => p.manyToOne(Organization).ref().deleteRule('cascade').index(),
    // a department may span the whole organization, so the branch is optional
    branch: () => p.manyToOne(Branch).ref().nullable().deleteRule('set null').index(),
    name: p.text(),
  },
});

export class Department extends DepartmentSchema.class {}
DepartmentSchema.setClass(Department);
