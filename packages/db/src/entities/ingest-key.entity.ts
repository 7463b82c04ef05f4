import { defineEntity, p } from '@mikro-orm/core';
import { createdAtProperty, idProperty } from './base.properties.ts';
import { Organization } from './organization.entity.ts';

// Keys are immutable apart from lastUsedAt/revokedAt, so there is no updatedAt.
export const IngestKeySchema = defineEntity({
  name: 'IngestKey',
  tableName: 'ingest_keys',
  properties: {
    ...idProperty,
    organization: () => p.manyToOne(Organization).ref().deleteRule('cascade').index(),
    name: p.text(),
    // the first 12 characters, shown to people so they can tell keys apart
    prefix: p.text(),
    // sha256 hex of the whole key: keys are high-entropy, so a fast hash is enough and
    // lets the ingest path look a key up by equality
    keyHash: p.text().unique(),
    ...createdAtProperty,
    lastUsedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
  },
});

export class IngestKey extends IngestKeySchema.class {}
IngestKeySchema.setClass(IngestKey);
