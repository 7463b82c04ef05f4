import { createHash } from 'node:crypto';
import { z } from 'zod';
import { BUILT_IN_EVENT_TYPES, CUSTOM_EVENT_TYPE, INGEST_LIMITS } from '@pulse/api-contract/schemas';
import type { DirectoryClaim } from '../directory/directory.service.ts';

/**
 * Segment's message format (https://segment.com/docs/connections/spec/) mapped onto Pulse
 * events. Only what Pulse keeps is read; `context`, `integrations`, `_metadata` and `sentAt`
 * are ignored. docs/api.md ("Segment-compatible endpoints") is the user-facing version.
 */
export const SegmentMessage = z.looseObject({ type: z.string().optional() });
export type SegmentMessage = z.output<typeof SegmentMessage>;

export const SegmentBatchBody = z.looseObject({
  batch: z
    .array(SegmentMessage)
    .min(1, 'send at least one message')
    .max(INGEST_LIMITS.maxEventsPerBatch, `at most ${INGEST_LIMITS.maxEventsPerBatch} messages per batch: split it into smaller batches`),
});

/** Call types Segment SDKs send that describe people: identify and group feed the directory (mapPerson), alias is acknowledged, not stored. */
export const PEOPLE_SEGMENT_TYPES = new Set(['identify', 'group', 'alias']);

/** The key under `properties` that keeps what Segment sent and Pulse has no field for. */
export const SEGMENT_PROPERTY = 'segment';

export type MappedMessages = {
  /** Pulse events (IngestEvent input, not yet validated). */
  events: Record<string, unknown>[];
  /** For each event, the index of the message it came from (to point issues at it). */
  sources: number[];
  /**
   * Where people belong, from identify calls (`traits.branchId` / `traits.departmentId`) and
   * group calls (`groupId`): for the directory, ids not yet checked against the organization.
   * A group call whose groupId is no branch or department of the organization changes nothing
   * (a group may be anything in Segment), where an identify stores null.
   */
  people: DirectoryClaim[];
  ignored: number;
  /** Messages Pulse cannot map at all: the message's index and the field at fault. */
  issues: { index: number; path: string[]; message: string }[];
};

/**
 * Name-based uuid (RFC 9562 version 5: SHA-1 of namespace and name) with the organization as
 * namespace: the same messageId always gives the same event id, so a resent batch is
 * deduplicated, and two organizations never share one.
 */
export function uuidV5(namespace: string, name: string): string {
  const hash = createHash('sha1').update(Buffer.from(namespace.replaceAll('-', ''), 'hex')).update(name, 'utf8').digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const isUuid = (value: string) => z.uuid().safeParse(value).success;
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A track call's event name as a Pulse type: a built-in name (`USER_LOGIN`, `API_CALL`, ...)
 * or a `custom.` name stays as it is; anything else becomes `custom.<name>` with characters a
 * custom type cannot hold replaced by `_`.
 */
export function pulseTypeOf(eventName: string): string {
  if ((BUILT_IN_EVENT_TYPES as string[]).includes(eventName) || CUSTOM_EVENT_TYPE.test(eventName)) return eventName;
  return `custom.${eventName.replace(/[^A-Za-z0-9_ .:-]/gu, '_').slice(0, 100)}`;
}

function urlPath(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  try {
    return new URL(url).pathname;
  } catch {
    return undefined;
  }
}

type MappedBody = { type: string; properties: Record<string, unknown> } | { issue: { path: string[]; message: string } };

/** Type and properties of one message that Pulse keeps, or an issue, or null (ignored). */
function mapBody(message: SegmentMessage, type: string, meta: Record<string, unknown>): MappedBody | null {
  const properties: Record<string, unknown> = isRecord(message.properties) ? { ...message.properties } : {};
  const name = text(message.name);
  if (type === 'track') {
    const eventName = text(message.event);
    if (!eventName) return { issue: { path: ['event'], message: 'a track call needs an event name' } };
    const pulseType = pulseTypeOf(eventName);
    if (pulseType !== eventName) meta.event = eventName;
    return { type: pulseType, properties };
  }
  if (type === 'page') {
    Object.assign(meta, { name, category: text(message.category) });
    const path = text(properties.path) ?? urlPath(properties.url) ?? '(unknown)';
    return { type: 'PAGE_VIEW', properties: { ...properties, path, ...(name && properties.title === undefined ? { title: name } : {}) } };
  }
  if (type === 'screen') {
    meta.name = name;
    return { type: 'custom.screen', properties };
  }
  return null;
}

const idOrNull = (value: unknown): string | null => (typeof value === 'string' && isUuid(value) ? value.toLowerCase() : null);
const hasOwn = (record: Record<string, unknown>, key: string) => Object.hasOwn(record, key);

/**
 * What an identify or group call says of where a person belongs, or null when it says nothing
 * (an identify without the traits, a group without a uuid groupId, an alias). A value that is
 * not a uuid is read as null: it cannot be a branch or department of any organization.
 */
function mapPerson(message: SegmentMessage, type: string, userId: string | undefined): DirectoryClaim | null {
  if (!userId) return null;
  if (type === 'identify') {
    const traits = isRecord(message.traits) ? message.traits : isRecord(message.context) && isRecord(message.context.traits) ? message.context.traits : {};
    if (!hasOwn(traits, 'branchId') && !hasOwn(traits, 'departmentId')) return null;
    return { userId, branchId: idOrNull(traits.branchId), departmentId: idOrNull(traits.departmentId), onlyIfKnown: false };
  }
  if (type === 'group') {
    const groupId = idOrNull(message.groupId);
    // Either a branch or a department: the directory finds out which.
    return groupId ? { userId, branchId: groupId, departmentId: groupId, onlyIfKnown: true } : null;
  }
  return null;
}

/**
 * Maps Segment messages to Pulse events. `impliedType` is the call type of a single-message
 * endpoint (`/v1/track`), used when the message does not name one.
 */
export function mapSegmentMessages(organizationId: string, messages: SegmentMessage[], impliedType?: string): MappedMessages {
  const mapped: MappedMessages = { events: [], sources: [], people: [], ignored: 0, issues: [] };
  messages.forEach((message, index) => {
    const type = message.type ?? impliedType ?? '';
    const meta: Record<string, unknown> = {};
    if (PEOPLE_SEGMENT_TYPES.has(type)) {
      const userId = text(message.userId) ?? text(message.anonymousId);
      if (userId && userId.length > INGEST_LIMITS.maxIdLength) {
        mapped.issues.push({ index, path: [text(message.userId) ? 'userId' : 'anonymousId'], message: `at most ${INGEST_LIMITS.maxIdLength} characters` });
        return;
      }
      const person = mapPerson(message, type, userId);
      if (person) mapped.people.push(person);
      else mapped.ignored++;
      return;
    }
    const body = mapBody(message, type, meta);
    if (!body) {
      mapped.ignored++;
      return;
    }
    if ('issue' in body) {
      mapped.issues.push({ index, ...body.issue });
      return;
    }
    const messageId = text(message.messageId);
    const anonymousId = text(message.anonymousId);
    const userId = text(message.userId) ?? anonymousId;
    if (anonymousId) meta.anonymousId = anonymousId;
    let id: string | undefined;
    if (messageId && isUuid(messageId)) id = messageId.toLowerCase();
    else if (messageId) {
      id = uuidV5(organizationId, messageId);
      meta.messageId = messageId;
    }
    const kept = Object.fromEntries(Object.entries(meta).filter(([, value]) => value !== undefined));
    mapped.events.push({
      id,
      type: body.type,
      userId,
      occurredAt: message.timestamp ?? undefined,
      properties: Object.keys(kept).length > 0 ? { ...body.properties, [SEGMENT_PROPERTY]: kept } : body.properties,
    });
    mapped.sources.push(index);
  });
  return mapped;
}

/** Where a message sits in the body: `batch.<index>` on /v1/batch, the body itself otherwise. */
export const messagePath = (batch: boolean, index: number, rest: PropertyKey[]): PropertyKey[] => (batch ? ['batch', index, ...rest] : rest);

/** Pulse field names in issue paths, back in Segment's words. */
const SEGMENT_FIELD: Record<string, string> = { id: 'messageId', occurredAt: 'timestamp', type: 'event' };

/** An issue of mapped event k (`events.<k>.occurredAt`) as a path into the body (`batch.<i>.timestamp`). */
export function segmentIssuePath(path: PropertyKey[], sources: number[], batch: boolean): PropertyKey[] {
  const [root, position, field, ...rest] = path;
  if (root !== 'events' || typeof position !== 'number') return path;
  const inMessage = field === undefined ? [] : [typeof field === 'string' ? (SEGMENT_FIELD[field] ?? field) : field, ...rest];
  return messagePath(batch, sources[position] ?? position, inMessage);
}
