import { INGEST_LIMITS } from './limits.ts';

export type SizeIssue = { path: (string | number)[]; message: string };

/**
 * UTF-8 length of a string without allocating (runs in the browser too, where there is no
 * Buffer). Lone surrogates count 3 bytes, as TextEncoder writes them.
 */
export function utf8ByteLength(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // a surrogate pair: 2 UTF-16 units, 4 bytes
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/**
 * Checks string lengths, property names and nesting inside `properties`, stopping at the first violation
 * (one clear issue beats a thousand). Depth is bounded before anything recurses further,
 * so a deeply nested body cannot exhaust the stack.
 */
export function propertyShapeIssue(properties: Record<string, unknown>): SizeIssue | null {
  const visit = (value: unknown, path: (string | number)[], depth: number): SizeIssue | null => {
    if (typeof value === 'string') {
      return value.length > INGEST_LIMITS.maxPropertyStringLength
        ? { path, message: `string of ${value.length} characters; property strings are at most ${INGEST_LIMITS.maxPropertyStringLength}` }
        : null;
    }
    if (typeof value !== 'object' || value === null) return null;
    if (depth > INGEST_LIMITS.maxPropertyDepth) {
      return { path, message: `properties nest at most ${INGEST_LIMITS.maxPropertyDepth} levels deep` };
    }
    const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
    for (const [key, item] of entries) {
      if (typeof key === 'string' && key.length > INGEST_LIMITS.maxPropertyKeyLength) {
        return { path: [...path, key], message: `property names are at most ${INGEST_LIMITS.maxPropertyKeyLength} characters` };
      }
      const issue = visit(item, [...path, key], depth + 1);
      if (issue) return issue;
    }
    return null;
  };
  return visit(properties, [], 1);
}

/** The whole event's size as JSON, with the limit in the message. */
export function eventBytesIssue(event: unknown): SizeIssue | null {
  const json = JSON.stringify(event);
  // A UTF-16 unit is at most 3 UTF-8 bytes, so a short event is within the limit without
  // counting; counting every character of every event was 7% of the ingest api's CPU.
  if (json.length * 3 <= INGEST_LIMITS.maxEventBytes) return null;
  const bytes = utf8ByteLength(json);
  return bytes > INGEST_LIMITS.maxEventBytes
    ? { path: [], message: `event is ${bytes} bytes as JSON; the limit is ${INGEST_LIMITS.maxEventBytes} bytes per event` }
    : null;
}
