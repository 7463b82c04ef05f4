import { z } from 'zod';
import { eventBytesIssue, propertyShapeIssue } from './event-size.ts';
import { INGEST_LIMITS } from './limits.ts';

const id = z.string().min(1).max(INGEST_LIMITS.maxIdLength, `at most ${INGEST_LIMITS.maxIdLength} characters`);
const httpMethod = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/**
 * The built-in event types from the source documents, each with its typed properties.
 * Objects are loose: extra properties are kept, the listed ones must have the right type.
 */
export const builtInEventProperties = {
  USER_LOGIN: z.looseObject({
    method: z.enum(['password', 'sso', 'token']).optional(),
    ipAddress: z.string().max(64).optional(),
    userAgent: z.string().max(500).optional(),
  }),
  USER_LOGOUT: z.looseObject({ reason: z.enum(['manual', 'timeout', 'forced']).optional() }),
  API_CALL: z.looseObject({
    method: httpMethod,
    route: z.string().min(1).max(500),
    status: z.int().min(100).max(599),
    durationMs: z.number().min(0),
  }),
  PRODUCT_CREATED: z.looseObject({ productId: id, name: z.string().max(500).optional() }),
  PAGE_VIEW: z.looseObject({ path: z.string().min(1).max(2000), title: z.string().max(500).optional() }),
  REPORT_GENERATED: z.looseObject({
    reportId: id,
    reportType: z.string().min(1).max(100),
    durationMs: z.number().min(0).optional(),
  }),
  REPORT_VIEW: z.looseObject({ reportId: id, reportType: z.string().max(100).optional() }),
  AI_CHAT_MESSAGE: z.looseObject({
    conversationId: id,
    role: z.enum(['user', 'assistant']),
    tokens: z.int().min(0).optional(),
  }),
  EMPLOYEE_ADDED: z.looseObject({ employeeId: id, departmentId: id.optional(), branchId: id.optional() }),
};

export type BuiltInEventType = keyof typeof builtInEventProperties;
export const BUILT_IN_EVENT_TYPES = Object.keys(builtInEventProperties) as BuiltInEventType[];

/**
 * Custom event types are namespaced with `custom.` so that a misspelt built-in type
 * (`USER_LOGN`) is rejected instead of silently becoming a new type.
 */
export const CUSTOM_EVENT_TYPE = /^custom\.[A-Za-z0-9_ .:-]{1,100}$/;

const jsonProperties = z
  .record(z.string(), z.unknown())
  .refine((value) => Object.keys(value).length <= INGEST_LIMITS.maxPropertyKeys, {
    message: `at most ${INGEST_LIMITS.maxPropertyKeys} properties per event`,
  });

const eventEnvelope = {
  /** Client-supplied id makes retries safe: an id is stored once per organization, whatever its occurredAt. */
  id: z.uuid().optional(),
  userId: id.optional(),
  sessionId: id.optional(),
  /** ISO 8601 with offset. Absent: the time of acceptance. Send it when you retry. */
  occurredAt: z.iso.datetime({ offset: true }).optional(),
  /**
   * Where the event belongs in the organization (ids of its branches and departments). A
   * department implies its branch. Absent: the organization's directory decides (the entry of
   * `userId`), else nobody below OWNER and ADMIN sees the event. An id that is not a branch /
   * department of this organization is stored as null (docs/api.md, "Attribution").
   */
  branchId: z.uuid().optional(),
  departmentId: z.uuid().optional(),
};

/**
 * One event as a sender submits it. Built-in types get their properties checked against
 * their own schema; the issues point at `properties.<field>`.
 */
export const IngestEvent = z
  .object({
    ...eventEnvelope,
    type: z.string().min(1).max(INGEST_LIMITS.maxIdLength, `at most ${INGEST_LIMITS.maxIdLength} characters`),
    properties: jsonProperties.default({}),
  })
  .superRefine((event, ctx) => {
    // Shape before size: the size check serialises the event, which needs bounded nesting.
    const shape = propertyShapeIssue(event.properties);
    const size = shape ? null : eventBytesIssue(event);
    if (shape) ctx.addIssue({ code: 'custom', path: ['properties', ...shape.path], message: shape.message });
    if (size) ctx.addIssue({ code: 'custom', path: size.path, message: size.message });
    const schema = builtInEventProperties[event.type as BuiltInEventType];
    if (schema) {
      const result = schema.safeParse(event.properties);
      for (const issue of result.error?.issues ?? []) {
        ctx.addIssue({ ...issue, path: ['properties', ...issue.path] } as never);
      }
    } else if (!CUSTOM_EVENT_TYPE.test(event.type)) {
      ctx.addIssue({
        code: 'custom',
        path: ['type'],
        message: `unknown event type "${event.type}": use one of ${BUILT_IN_EVENT_TYPES.join(', ')} or a custom type named custom.<name>`,
      });
    }
  });

type Envelope = z.input<z.ZodObject<typeof eventEnvelope>>;
/** What a TypeScript sender writes: built-in types are checked at compile time too. */
export type IngestEventInput =
  | { [T in BuiltInEventType]: Envelope & { type: T; properties: z.input<(typeof builtInEventProperties)[T]> } }[BuiltInEventType]
  | (Envelope & { type: `custom.${string}`; properties?: Record<string, unknown> });
export type IngestEvent = z.output<typeof IngestEvent>;

export const IngestBatchInput = z.object({
  events: z
    .array(IngestEvent)
    .min(1, 'send at least one event')
    .max(INGEST_LIMITS.maxEventsPerBatch, `at most ${INGEST_LIMITS.maxEventsPerBatch} events per batch: split it into smaller batches`),
});
export type IngestBatchInput = z.output<typeof IngestBatchInput>;

export const IngestResult = z.object({
  accepted: z.int(),
  /** The id of every accepted event, in the order sent (assigned when not supplied). */
  ids: z.array(z.uuid()),
});
export type IngestResult = z.output<typeof IngestResult>;

/** An event as Pulse returns it. */
export const ActivityEventView = z.object({
  id: z.uuid(),
  type: z.string(),
  userId: z.string().nullable(),
  sessionId: z.string().nullable(),
  occurredAt: z.iso.datetime({ offset: true }),
  receivedAt: z.iso.datetime({ offset: true }),
  properties: z.record(z.string(), z.unknown()),
  /** The branch and department the event was attributed to when stored (null: unknown). */
  branchId: z.uuid().nullable().optional(),
  departmentId: z.uuid().nullable().optional(),
});
export type ActivityEventView = z.output<typeof ActivityEventView>;
