import type { IncomingMessage, ServerResponse } from 'node:http';
import { METRIC_LIMITS, RecordMetricsBatch } from '@pulse/api-contract/schemas';
import { ZodError } from 'zod';
import { type Authenticate, bearerCredential } from '../auth/authenticate.ts';
import type { MetricRecorder } from '../metrics/metric-recorder.ts';
import { PayloadTooLarge, readBody } from './read-body.ts';
import { sendError, sendJson } from './responses.ts';

/**
 * `POST /api/metrics` for any HTTP client: `Authorization: Bearer <ingest key>`, body
 * `{"samples": [...]}`. 202 once stored, 400 with the zod issues, 401 for a missing or wrong key,
 * 413 over the size limit, 503 when Postgres cannot take them (retry with the same ids).
 */
export function createMetricsIngestRoute(authenticate: Authenticate, recorder: MetricRecorder, onFailure: (error: unknown) => void) {
  return async function handleMetricsIngest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return sendError(res, 405, 'method_not_allowed', 'Use POST.', {}, { allow: 'POST' });
    const credential = bearerCredential(req.headers.authorization);
    const actor = credential?.startsWith('pk_') ? await authenticate(credential) : null;
    if (actor?.kind !== 'ingestKey') {
      req.resume();
      return sendError(res, 401, 'unauthorized', 'Send an organization ingest key as "Authorization: Bearer pk_...".');
    }
    let body: unknown;
    try {
      body = JSON.parse((await readBody(req, METRIC_LIMITS.maxBatchBytes)).toString('utf8'));
    } catch (error) {
      if (error instanceof PayloadTooLarge) {
        return sendError(res, 413, 'payload_too_large', `${error.message} Split the samples into smaller batches.`, { limit: error.limit });
      }
      return sendError(res, 400, 'invalid_json', 'The body is not valid JSON.');
    }
    const parsed = RecordMetricsBatch.safeParse(body);
    if (!parsed.success) return sendError(res, 400, 'invalid_samples', 'Some samples are invalid.', { issues: parsed.error.issues });
    try {
      sendJson(res, 202, await recorder.record(actor.organizationId, parsed.data.samples));
    } catch (error) {
      if (error instanceof ZodError) return sendError(res, 400, 'invalid_samples', 'Some samples were rejected.', { issues: error.issues });
      onFailure(error);
      sendError(res, 503, 'unavailable', 'The samples could not be stored. Retry shortly with the same sample ids.', {}, { 'retry-after': '5' });
    }
  };
}
