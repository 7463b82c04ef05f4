import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError } from './responses.ts';

export class PayloadTooLarge extends Error {
  readonly limit: number;
  constructor(limit: number) {
    super(`Request body exceeds ${limit} bytes.`);
    this.limit = limit;
  }
}

/** Reads a request body, giving up as soon as it passes `limit` bytes (no buffering of huge bodies). */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new PayloadTooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new PayloadTooLarge(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * The JSON body of an ingest-style request, or undefined after answering 413 (over `limit`,
 * naming what to split) or 400 (not JSON) itself. `extra` joins the error bodies.
 */
export async function readJsonBody(
  req: IncomingMessage,
  res: ServerResponse,
  limit: number,
  what: string,
  extra: Record<string, unknown> = {},
): Promise<{ body: unknown } | undefined> {
  try {
    return { body: JSON.parse((await readBody(req, limit)).toString('utf8')) as unknown };
  } catch (error) {
    if (error instanceof PayloadTooLarge) {
      sendError(res, 413, 'payload_too_large', `${error.message} Split the ${what} into smaller batches.`, { ...extra, limit: error.limit });
    } else {
      sendError(res, 400, 'invalid_json', 'The body is not valid JSON.', extra);
    }
    return undefined;
  }
}
