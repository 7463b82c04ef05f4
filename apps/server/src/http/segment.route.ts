import type { IncomingMessage, ServerResponse } from 'node:http';
import { IngestBatchInput } from '@pulse/api-contract/schemas';
import { InvalidInputError } from '@pulse/api-contract/errors';
import { type Authenticate, bearerCredential, INGEST_KEY_PREFIX } from '../auth/authenticate.ts';
import type { DirectoryService } from '../directory/directory.service.ts';
import type { IngestService } from '../ingest/ingest.service.ts';
import { createIngestAnswers } from './ingest-answers.ts';
import { sendError, sendJson } from './responses.ts';
import { mapSegmentMessages, messagePath, SegmentBatchBody, segmentIssuePath } from './segment-mapping.ts';

/** `/v1/batch` takes `{ batch: [...] }`; the others one message of the call type they name. */
const SINGLE_MESSAGE_PATHS = new Set(['track', 'page', 'screen', 'identify', 'group', 'alias']);

/**
 * The write key of Segment SDKs: HTTP basic auth with the key as user name and no password.
 * A bearer ingest key is accepted too, as on /api/ingest.
 */
function writeKeyOf(header: string | undefined): string | null {
  const basic = header?.match(/^Basic\s+(\S+)$/i)?.[1];
  if (!basic) return bearerCredential(header);
  const decoded = Buffer.from(basic, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? decoded : decoded.slice(0, colon);
}

/**
 * Segment-compatible ingest, so Segment SDKs and their HTTP API clients can send to Pulse:
 * `POST /v1/batch` and the single-call paths (`/v1/track`, `/v1/page`, ...). Answers like
 * Segment (200 `{"success": true}`), and 400 / 401 / 413 / 503 with Pulse's error body plus
 * `success: false`. Identify and group calls that say where a person belongs update the
 * organization's directory (before the batch's events are queued, so those events are
 * attributed by it); alias calls and the rest are acknowledged and not stored.
 */
export function createSegmentRoute(authenticate: Authenticate, ingest: IngestService, onQueueFailure: (error: unknown) => void, directory: Pick<DirectoryService, 'applyClaims'>) {
  const answers = createIngestAnswers(onQueueFailure, { success: false });
  return async function handleSegment(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const call = (req.url ?? '').split('?')[0]?.slice('/v1/'.length) ?? '';
    if (call !== 'batch' && !SINGLE_MESSAGE_PATHS.has(call)) {
      req.resume();
      return sendError(res, 404, 'not_found', 'Pulse speaks these Segment paths: /v1/batch, /v1/track, /v1/page, /v1/screen, /v1/identify, /v1/group, /v1/alias.', { success: false });
    }
    if (req.method !== 'POST') return sendError(res, 405, 'method_not_allowed', 'Use POST.', { success: false }, { allow: 'POST' });
    const key = writeKeyOf(req.headers.authorization);
    const actor = key?.startsWith(INGEST_KEY_PREFIX) ? await authenticate(key) : null;
    if (actor?.kind !== 'ingestKey') {
      req.resume();
      return sendError(res, 401, 'unauthorized', 'Use an organization ingest key (pk_...) as the write key: HTTP basic auth, key as user name, empty password.', { success: false });
    }
    if (answers.refusedForCapacity(res, req, ingest.assertAccepting)) return;
    const read = await answers.readJson(req, res);
    if (!read) return;

    const batch = call === 'batch';
    // One message is read as a batch of one, its issue paths cut back to the message.
    const parsed = SegmentBatchBody.safeParse(batch ? read.body : { batch: [read.body] });
    if (!parsed.success) return answers.failure(res, parsed.error, (path) => (batch ? path : path.slice(2)));
    const mapped = mapSegmentMessages(actor.organizationId, parsed.data.batch, batch ? undefined : call);
    // Issues point at the message as sent: `batch.<i>.<field>`, or `<field>` for one message.
    if (mapped.issues.length > 0) {
      const issues = mapped.issues.map(({ index, path, message }) => ({ code: 'custom', message, path: messagePath(batch, index, path) }));
      return answers.failure(res, new InvalidInputError('Some events were rejected.', issues));
    }
    const toSegmentPath = (path: PropertyKey[]) => segmentIssuePath(path, mapped.sources, batch);
    const events = mapped.events.length > 0 ? IngestBatchInput.safeParse({ events: mapped.events }) : null;
    if (events && !events.success) return answers.failure(res, events.error, toSegmentPath);
    try {
      const people = await directory.applyClaims(actor.organizationId, mapped.people);
      const accepted = events ? (await ingest.ingest(actor.organizationId, events.data.events)).accepted : 0;
      sendJson(res, 200, { success: true, accepted, people, ignored: mapped.ignored });
    } catch (error) {
      answers.failure(res, error, toSegmentPath);
    }
  };
}
