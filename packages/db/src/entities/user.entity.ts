import { defineEntity, p } from '@mikro-orm/core';
import { ORG_ROLES, PLATFORM_ROLES } from '@pulse/api-contract/schemas';
import { baseProperties } from './base.properties.ts';
import { Branch } from './branch.entity.ts';
import { Department } from './department.entity.ts';
import { Organization } from './organization.entity.ts';

export const UserSchema = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: {
    ...baseProperties,
    // the ORM lower-cases it on write and in queries, so the unique index is case-insensitive
    // for everything going through the entity (an instance keeps the caller's spelling in
    // memory until reloaded); raw SQL writers must lower-case it themselves
    email: p.text().lowercase().unique(),
    name: p.text(),
    // argon2id PHC string; never serialised into API responses
    passwordHash: p.text().hidden(),
    // Postgres does not index foreign keys by itself: the indexes serve scope filters and
    // the cascades. Platform admins belong to no organization.
    organization: () => p.manyToOne(Organization).ref().nullable().deleteRule('cascade').index(),
    orgRole: p.enum(ORG_ROLES).nullable(),
    platformRole: p.enum(PLATFORM_ROLES).nullable(),
    branch: () => p.manyToOne(Branch).ref().nullable().deleteRule('set null').index(),
    department: () => p.manyToOne(Department).ref().nullable().deleteRule('set null').index(),
  },
});

export class User extends UserSchema.class {}
UserSchema.setClass(User);
