import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Authenticate, bearerCredential } from '../auth/authenticate.ts';
import { PayloadTooLarge, readBody } from './read-body.ts';
import { sendError } from './responses.ts';

/**
 * The common front of the HTTP ingest endpoints: POST only (405), an organization's ingest key
 * (401), a JSON body within the limit (413, 400). Answers the error itself and returns null, or
 * returns the key's organization and the parsed body.
 */
export async function readKeyedJson(
  req: IncomingMessage,
  res: ServerResponse,
  authenticate: Authenticate,
  limit: number,
  what: string,
): Promise<{ organizationId: string; body: unknown } | null> {
  if (req.method !== 'POST') {
    sendError(res, 405, 'method_not_allowed', 'Use POST.', {}, { allow: 'POST' });
    return null;
  }
  const credential = bearerCredential(req.headers.authorization);
  const actor = credential?.startsWith('pk_') ? await authenticate(credential) : null;
  if (actor?.kind !== 'ingestKey') {
    req.resume();
    sendError(res, 401, 'unauthorized', 'Send an organization ingest key as "Authorization: Bearer pk_...".');
    return null;
  }
  try {
    return { organizationId: actor.organizationId, body: JSON.parse((await readBody(req, limit)).toString('utf8')) };
  } catch (error) {
    if (error instanceof PayloadTooLarge) {
      sendError(res, 413, 'payload_too_large', `${error.message} Split the ${what} into smaller batches.`, { limit: error.limit });
    } else {
      sendError(res, 400, 'invalid_json', 'The body is not valid JSON.');
    }
    return null;
  }
}
