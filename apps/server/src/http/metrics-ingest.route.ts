import type { IncomingMessage, ServerResponse } from 'node:http';
import { METRIC_LIMITS, RecordMetricsBatch } from '@pulse/api-contract/schemas';
import { InvalidInputError } from '@pulse/api-contract/errors';
import type { Authenticate } from '../auth/authenticate.ts';
import type { MetricRecorder } from '../metrics/metric-recorder.ts';
import { readKeyedJson } from './keyed-request.ts';
import { sendDomainError, sendError, sendJson } from './responses.ts';

/**
 * `POST /api/metrics` for any HTTP client: `Authorization: Bearer <ingest key>`, body
 * `{"samples": [...]}`. 202 once stored, 400 with the zod issues, 401 for a missing or wrong key,
 * 413 over the size limit, 503 when Postgres cannot take them (retry with the same ids).
 */
export function createMetricsIngestRoute(authenticate: Authenticate, recorder: MetricRecorder, onFailure: (error: unknown) => void) {
  return async function handleMetricsIngest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const request = await readKeyedJson(req, res, authenticate, METRIC_LIMITS.maxBatchBytes, 'samples');
    if (!request) return;
    const parsed = RecordMetricsBatch.safeParse(request.body);
    if (!parsed.success) return sendError(res, 400, 'invalid_samples', 'Some samples are invalid.', { issues: parsed.error.issues });
    try {
      sendJson(res, 202, await recorder.record(request.organizationId, parsed.data.samples));
    } catch (error) {
      if (error instanceof InvalidInputError) return sendDomainError(res, error, {}, 'invalid_samples');
      onFailure(error);
      sendError(res, 503, 'unavailable', 'The samples could not be stored. Retry shortly with the same sample ids.', {}, { 'retry-after': '5' });
    }
  };
}
