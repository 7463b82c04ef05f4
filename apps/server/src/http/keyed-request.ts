import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Authenticate, bearerCredential } from '../auth/authenticate.ts';
import { readJsonBody } from './read-body.ts';
import { sendError } from './responses.ts';

/**
 * POST only (405) with an organization's ingest key (401). Answers the error itself and
 * returns null, or returns the key's organization.
 */
export async function requireIngestKey(req: IncomingMessage, res: ServerResponse, authenticate: Authenticate): Promise<string | null> {
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
  return actor.organizationId;
}

/**
 * The common front of the HTTP ingest endpoints: the key (requireIngestKey), then a JSON body
 * within the limit (413, 400). Answers the error itself and returns null, or returns the key's
 * organization and the parsed body.
 */
export async function readKeyedJson(
  req: IncomingMessage,
  res: ServerResponse,
  authenticate: Authenticate,
  limit: number,
  what: string,
): Promise<{ organizationId: string; body: unknown } | null> {
  const organizationId = await requireIngestKey(req, res, authenticate);
  if (!organizationId) return null;
  const read = await readJsonBody(req, res, limit, what);
  return read ? { organizationId, body: read.body } : null;
}
