import { defineEntity, p } from '@mikro-orm/core';

// Events the database refused although they were accepted (a data exception of one event's
// content, found by splitting its batch), kept for an operator with the reason. Text only:
// the event as JSON (escapes kept, so NUL and lone surrogates survive as `\u0000`), because
// the content is what the database would not take as jsonb. A retried batch records its
// event once (primary key). Deleted after the activity retention.
export const RejectedEventSchema = defineEntity({
  name: 'RejectedEvent',
  tableName: 'rejected_events',
  properties: {
    batchId: p.uuid().primary(),
    /** Text, not uuid: the id itself may be what was refused. */
    eventId: p.text().primary(),
    organizationId: p.uuid(),
    /** What the database said, without the row's values: the SQLSTATE and its message. */
    reason: p.text(),
    /** The event as the worker had it, JSON. */
    event: p.text(),
    rejectedAt: p.datetime().defaultRaw('now()'),
  },
  indexes: [{ properties: ['organizationId', 'rejectedAt'] }],
});

export class RejectedEvent extends RejectedEventSchema.class {}
RejectedEventSchema.setClass(RejectedEvent);
