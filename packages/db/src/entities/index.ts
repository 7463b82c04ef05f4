import { ActivityEventSchema } from './activity-event.entity.ts';
import { AuditLogSchema } from './audit-log.entity.ts';
import { BranchSchema } from './branch.entity.ts';
import { DepartmentSchema } from './department.entity.ts';
import { IngestKeySchema } from './ingest-key.entity.ts';
import { OrganizationSchema } from './organization.entity.ts';
import { UserSchema } from './user.entity.ts';

export * from './activity-event.entity.ts';
export * from './audit-log.entity.ts';
export * from './branch.entity.ts';
export * from './department.entity.ts';
export * from './ingest-key.entity.ts';
export * from './organization.entity.ts';
export * from './user.entity.ts';

// Listed explicitly (no folder scanning): what the ORM knows is what this array says.
export const allEntities = [
  OrganizationSchema,
  BranchSchema,
  DepartmentSchema,
  UserSchema,
  IngestKeySchema,
  ActivityEventSchema,
  AuditLogSchema,
];
