import type { IncomingMessage, ServerResponse } from 'node:http';
import { INGEST_LIMITS, IngestBatchInput } from '@pulse/api-contract/schemas';
import { ZodError } from 'zod';
import { type Authenticate, bearerCredential } from '../auth/authenticate.ts';
import type { IngestService } from '../ingest/ingest.service.ts';
import { PayloadTooLarge, readBody } from './read-body.ts';
import { sendError, sendJson } from './responses.ts';

/**
 * `POST /api/ingest` for any HTTP client: `Authorization: Bearer <ingest key>`, body
 * `{"events": [...]}`. 202 once the batch is durably queued, 400 with the zod issues, 401 for
 * a missing or wrong key, 413 over the size limit.
 */
export function createIngestRoute(authenticate: Authenticate, ingest: IngestService, onQueueFailure: (error: unknown) => void) {
  return async function handleIngest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return sendError(res, 405, 'method_not_allowed', 'Use POST.', {}, { allow: 'POST' });
    const credential = bearerCredential(req.headers.authorization);
    const actor = credential?.startsWith('pk_') ? await authenticate(credential) : null;
    if (actor?.kind !== 'ingestKey') {
      req.resume();
      return sendError(res, 401, 'unauthorized', 'Send an organization ingest key as "Authorization: Bearer pk_...".');
    }
    let body: unknown;
    try {
      body = JSON.parse((await readBody(req, INGEST_LIMITS.maxBatchBytes)).toString('utf8'));
    } catch (error) {
      if (error instanceof PayloadTooLarge) {
        return sendError(res, 413, 'payload_too_large', `${error.message} Split the events into smaller batches.`, { limit: error.limit });
      }
      return sendError(res, 400, 'invalid_json', 'The body is not valid JSON.');
    }
    const parsed = IngestBatchInput.safeParse(body);
    if (!parsed.success) return sendError(res, 400, 'invalid_events', 'Some events are invalid.', { issues: parsed.error.issues });
    try {
      const result = await ingest.ingest(actor.organizationId, parsed.data.events);
      sendJson(res, 202, result);
    } catch (error) {
      if (error instanceof ZodError) return sendError(res, 400, 'invalid_events', 'Some events were rejected.', { issues: error.issues });
      // The queue (Redis) could not take the batch. Nothing is acknowledged; a retry with the
      // same event ids is safe because storage deduplicates them.
      onQueueFailure(error);
      sendError(res, 503, 'unavailable', 'The batch could not be queued. Retry shortly with the same event ids.', {}, { 'retry-after': '5' });
    }
  };
}
