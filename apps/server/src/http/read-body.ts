import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { gunzip, inflate } from 'node:zlib';
import { unstorableTextIssue } from '@pulse/api-contract/schemas';
import { sendError } from './responses.ts';

export class PayloadTooLarge extends Error {
  readonly limit: number;
  constructor(limit: number) {
    super(`Request body exceeds ${limit} bytes.`);
    this.limit = limit;
  }
}

/** A Content-Encoding Pulse does not decode (415). */
export class UnsupportedEncoding extends Error {}

/** A compressed body that does not decompress (400). */
export class CorruptBody extends Error {}

type Decoder = (body: Buffer, options: { maxOutputLength: number }) => Promise<Buffer>;

/**
 * The encodings Segment's HTTP API and its SDKs use. `deflate` is the zlib format, as HTTP
 * defines it. Decoding runs on libuv's thread pool, off the event loop.
 */
const DECODERS: Record<string, Decoder> = {
  gzip: promisify(gunzip),
  'x-gzip': promisify(gunzip),
  deflate: promisify(inflate),
};

function decoderFor(header: string | undefined): Decoder | null {
  const encoding = header?.trim().toLowerCase() ?? '';
  if (encoding === '' || encoding === 'identity') return null;
  const decoder = DECODERS[encoding];
  if (!decoder) throw new UnsupportedEncoding(`Content-Encoding "${header}" is not supported: send the body as is, gzip or deflate.`);
  return decoder;
}

/**
 * Reads a request body, giving up as soon as it passes `limit` bytes (no buffering of huge
 * bodies), and decodes gzip or deflate. The limit holds for the bytes on the wire and again
 * for the decoded body: zlib stops as soon as its output passes it, so a small body that would
 * inflate to gigabytes costs at most `limit` bytes of memory.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const decode = decoderFor(req.headers['content-encoding']);
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new PayloadTooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new PayloadTooLarge(limit);
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks);
  if (!decode) return body;
  try {
    return await decode(body, { maxOutputLength: limit });
  } catch (error) {
    if (error instanceof RangeError) throw new PayloadTooLarge(limit);
    throw new CorruptBody(`The body does not decode as ${req.headers['content-encoding']}.`, { cause: error });
  }
}

/**
 * The JSON body of an ingest-style request, or undefined after answering the error itself:
 * 413 over `limit` (naming what to split), 415 for an encoding Pulse does not decode, 400 for
 * a body that does not decode, is not JSON, or holds text Postgres cannot store (NUL, lone
 * surrogates; the issue names the path in the body, e.g. `events.3.properties.note`), so that
 * nothing is answered 2xx that the store will refuse. `extra` joins the error bodies.
 */
export async function readJsonBody(
  req: IncomingMessage,
  res: ServerResponse,
  limit: number,
  what: string,
  extra: Record<string, unknown> = {},
): Promise<{ body: unknown } | undefined> {
  let body: unknown;
  try {
    body = JSON.parse((await readBody(req, limit)).toString('utf8'));
  } catch (error) {
    if (error instanceof PayloadTooLarge) {
      sendError(res, 413, 'payload_too_large', `${error.message} Split the ${what} into smaller batches.`, { ...extra, limit: error.limit });
    } else if (error instanceof UnsupportedEncoding) {
      req.resume();
      sendError(res, 415, 'unsupported_encoding', error.message, extra);
    } else if (error instanceof CorruptBody) {
      sendError(res, 400, 'invalid_encoding', error.message, extra);
    } else {
      sendError(res, 400, 'invalid_json', 'The body is not valid JSON.', extra);
    }
    return undefined;
  }
  const issue = unstorableTextIssue(body);
  if (issue) {
    sendError(res, 400, `invalid_${what}`, `Some ${what} hold text Pulse cannot store; nothing of this call was accepted.`, { ...extra, issues: [issue] });
    return undefined;
  }
  return { body };
}
