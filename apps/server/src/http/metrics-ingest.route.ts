import type { IncomingMessage, ServerResponse } from 'node:http';
import { InvalidInputError, RetryLaterError } from '@pulse/api-contract/errors';
import { METRIC_LIMITS, RecordMetricsBatch } from '@pulse/api-contract/schemas';
import type { Authenticate } from '../auth/authenticate.ts';
import type { MetricRecorder } from '../metrics/metric-recorder.ts';
import { isDependencyUnavailable } from '../pipeline/wait-for-dependencies.ts';
import { isRefusedContent } from '../activity-store/refused-content.ts';
import { readKeyedJson } from './keyed-request.ts';
import { sendDomainError, sendError, sendJson } from './responses.ts';

/** Seconds a sender waits before resending samples Postgres could not take for the moment. */
const RETRY_AFTER_SECONDS = 5;

/**
 * `POST /api/metrics` for any HTTP client: `Authorization: Bearer <ingest key>`, body
 * `{"samples": [...]}` (gzip or deflate allowed). 202 once stored, 400 with the zod issues or
 * for samples Postgres refuses for good (a value out of its range), 401 for a missing or wrong
 * key, 413 over the size limit, 503 + Retry-After only while Postgres is unreachable or busy
 * (retry with the same ids). Database text never reaches the answer.
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
      if (isRefusedContent(error)) {
        const refused = new InvalidInputError('The samples could not be stored: a value is outside what Pulse can store (for example a counter whose running total would overflow). Resending them will not help.');
        return sendDomainError(res, refused, {}, 'invalid_samples');
      }
      // Anything else is ours: 500 (logged, no details) from the server.
      if (!isDependencyUnavailable(error)) throw error;
      sendDomainError(res, new RetryLaterError('The samples could not be stored right now. Retry shortly with the same sample ids.', RETRY_AFTER_SECONDS));
    }
  };
}
