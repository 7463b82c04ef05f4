import { defineEntity, p } from '@mikro-orm/core';

// An organization's people as its services describe them: the sender's user id (any string,
// the `userId` of its events, not a Pulse login) → the branch and department they belong to.
// Written by `directory.upsert` and Segment identify / group calls; read once per stored batch
// to attribute events that name no branch or department themselves. No foreign keys: the ids are
// checked when written and again when an event is attributed, so a deleted branch or department
// attributes nothing.
export const PersonDirectoryEntrySchema = defineEntity({
  name: 'PersonDirectoryEntry',
  tableName: 'person_directory',
  properties: {
    organizationId: p.uuid().primary(),
    userId: p.text().primary(),
    branchId: p.uuid().nullable(),
    departmentId: p.uuid().nullable(),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
});

export class PersonDirectoryEntry extends PersonDirectoryEntrySchema.class {}
PersonDirectoryEntrySchema.setClass(PersonDirectoryEntry);
