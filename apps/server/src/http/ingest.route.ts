import type { IncomingMessage, ServerResponse } from 'node:http';
import { IngestBatchInput } from '@pulse/api-contract/schemas';
import { type Authenticate, bearerCredential } from '../auth/authenticate.ts';
import type { IngestService } from '../ingest/ingest.service.ts';
import { createIngestAnswers } from './ingest-answers.ts';
import { sendError, sendJson } from './responses.ts';

/**
 * `POST /api/ingest` for any HTTP client: `Authorization: Bearer <ingest key>`, body
 * `{"events": [...]}`. 202 once the batch is durably queued, 400 with the zod issues, 401 for
 * a missing or wrong key, 413 over the size limit, 503 with Retry-After while ingest is
 * refusing work (queue too deep, Redis unreachable).
 */
export function createIngestRoute(authenticate: Authenticate, ingest: IngestService, onQueueFailure: (error: unknown) => void) {
  const answers = createIngestAnswers(onQueueFailure);
  return async function handleIngest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return sendError(res, 405, 'method_not_allowed', 'Use POST.', {}, { allow: 'POST' });
    const credential = bearerCredential(req.headers.authorization);
    const actor = credential?.startsWith('pk_') ? await authenticate(credential) : null;
    if (actor?.kind !== 'ingestKey') {
      req.resume();
      return sendError(res, 401, 'unauthorized', 'Send an organization ingest key as "Authorization: Bearer pk_...".');
    }
    if (answers.refusedForCapacity(res, req, ingest.assertAccepting)) return;
    const read = await answers.readJson(req, res);
    if (!read) return;
    const parsed = IngestBatchInput.safeParse(read.body);
    if (!parsed.success) return answers.failure(res, parsed.error);
    try {
      sendJson(res, 202, await ingest.ingest(actor.organizationId, parsed.data.events));
    } catch (error) {
      answers.failure(res, error);
    }
  };
}
