import type { IncomingMessage, ServerResponse } from 'node:http';
import { IngestBatchInput } from '@pulse/api-contract/schemas';
import type { Authenticate } from '../auth/authenticate.ts';
import type { IngestService } from '../ingest/ingest.service.ts';
import { createIngestAnswers } from './ingest-answers.ts';
import { requireIngestKey } from './keyed-request.ts';
import { sendJson } from './responses.ts';

/**
 * `POST /api/ingest` for any HTTP client: `Authorization: Bearer <ingest key>`, body
 * `{"events": [...]}`. 202 once the batch is durably queued, 400 with the zod issues, 401 for
 * a missing or wrong key, 413 over the size limit, 503 with Retry-After while ingest is
 * refusing work (queue too deep, Redis unreachable).
 */
export function createIngestRoute(authenticate: Authenticate, ingest: IngestService, onQueueFailure: (error: unknown) => void) {
  const answers = createIngestAnswers(onQueueFailure);
  return async function handleIngest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const organizationId = await requireIngestKey(req, res, authenticate);
    if (!organizationId) return;
    if (answers.refusedForCapacity(res, req, ingest.assertAccepting)) return;
    const read = await answers.readJson(req, res);
    if (!read) return;
    const parsed = IngestBatchInput.safeParse(read.body);
    if (!parsed.success) return answers.failure(res, parsed.error);
    try {
      sendJson(res, 202, await ingest.ingest(organizationId, parsed.data.events));
    } catch (error) {
      answers.failure(res, error);
    }
  };
}
