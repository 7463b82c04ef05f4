import type { IncomingMessage, ServerResponse } from 'node:http';
import { INGEST_LIMITS, IngestBatchInput } from '@pulse/api-contract/schemas';
import { ZodError } from 'zod';
import type { Authenticate } from '../auth/authenticate.ts';
import type { IngestService } from '../ingest/ingest.service.ts';
import { readKeyedJson } from './keyed-request.ts';
import { sendError, sendJson } from './responses.ts';

/**
 * `POST /api/ingest` for any HTTP client: `Authorization: Bearer <ingest key>`, body
 * `{"events": [...]}`. 202 once the batch is durably queued, 400 with the zod issues, 401 for
 * a missing or wrong key, 413 over the size limit.
 */
export function createIngestRoute(authenticate: Authenticate, ingest: IngestService, onQueueFailure: (error: unknown) => void) {
  return async function handleIngest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const request = await readKeyedJson(req, res, authenticate, INGEST_LIMITS.maxBatchBytes, 'events');
    if (!request) return;
    const parsed = IngestBatchInput.safeParse(request.body);
    if (!parsed.success) return sendError(res, 400, 'invalid_events', 'Some events are invalid.', { issues: parsed.error.issues });
    try {
      const result = await ingest.ingest(request.organizationId, parsed.data.events);
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
