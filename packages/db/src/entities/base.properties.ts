import { randomUUID } from 'node:crypto';
import { p } from '@mikro-orm/core';

// Shared columns of every ordinary table. Composition (spreading these into `properties`)
// is what MikroORM's defineEntity guide recommends instead of an abstract base entity.
// Ids are generated in the process so the unit of work knows them before the insert; the
// database defaults exist for raw SQL writers (the server inserts audit rows with plain SQL).
export const idProperty = {
  id: p.uuid().primary().onCreate(() => randomUUID()).defaultRaw('gen_random_uuid()'),
};

export const createdAtProperty = {
  createdAt: p.datetime().onCreate(() => new Date()).defaultRaw('now()'),
};

export const baseProperties = {
  ...idProperty,
  ...createdAtProperty,
  updatedAt: p
    .datetime()
    .onCreate(() => new Date())
    .onUpdate(() => new Date())
    .defaultRaw('now()'),
};
