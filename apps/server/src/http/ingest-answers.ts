import type { IncomingMessage, ServerResponse } from 'node:http';
import { INGEST_LIMITS } from '@pulse/api-contract/schemas';
import { InvalidInputError } from '@pulse/api-contract/errors';
import { ZodError } from 'zod';
import { IngestUnavailable } from '../ingest/ingest-capacity.ts';
import { readJsonBody } from './read-body.ts';
import { sendDomainError } from './responses.ts';

/**
 * What every ingest endpoint (/api/ingest, the Segment ones) answers the same way. `extra`
 * joins every error body (the Segment endpoints add `success: false`).
 */
export type IngestAnswers = {
  /** 503 with Retry-After when ingest takes nothing right now; true when it was sent. */
  refusedForCapacity(res: ServerResponse, req: IncomingMessage, check: () => void): boolean;
  /** The JSON body, or undefined after answering 413 / 400 itself. */
  readJson(req: IncomingMessage, res: ServerResponse): Promise<{ body: unknown } | undefined>;
  /** 400 for rejected events, 503 for a refusal or a queue failure; anything else is rethrown. */
  failure(res: ServerResponse, error: unknown, issuePath?: (path: PropertyKey[]) => PropertyKey[]): void;
};

export function createIngestAnswers(onQueueFailure: (error: unknown) => void, extra: Record<string, unknown> = {}): IngestAnswers {
  const unavailable = (res: ServerResponse, error: IngestUnavailable) => sendDomainError(res, error, { ...extra, reason: error.reason });

  return {
    refusedForCapacity(res, req, check) {
      try {
        check();
        return false;
      } catch (error) {
        if (!(error instanceof IngestUnavailable)) throw error;
        req.resume();
        unavailable(res, error);
        return true;
      }
    },

    readJson: (req, res) => readJsonBody(req, res, INGEST_LIMITS.maxBatchBytes, 'events', extra),

    failure(res, error, issuePath = (path) => path) {
      // The schema's issues (a ZodError) and our own checks' (an InvalidInputError) alike.
      if (error instanceof ZodError || error instanceof InvalidInputError) {
        const issues = error.issues.map((issue) => ({ ...issue, path: issuePath(issue.path) }));
        return sendDomainError(res, new InvalidInputError('Some events were rejected.', issues), extra, 'invalid_events');
      }
      if (!(error instanceof IngestUnavailable)) throw error;
      // Nothing of the call is acknowledged; a retry with the same event ids is safe because
      // storage deduplicates them.
      if (error.reason === 'queue_error') onQueueFailure(error.cause);
      unavailable(res, error);
    },
  };
}
