import type { InputIssue } from '../errors/domain-errors.ts';

/**
 * Text Postgres cannot store: NUL (refused in `text` and `jsonb`) and UTF-16 surrogates without
 * their pair (not Unicode; `jsonb` refuses the escape, `text` would get a replacement character).
 * Refusing them at acceptance is what keeps "answered 2xx means stored" true.
 */
// Without the `u` flag the pattern sees UTF-16 code units, so an unpaired half is visible.
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

const MESSAGE = 'contains a NUL character or a lone UTF-16 surrogate, which Pulse cannot store';

/** A path kept as a chain to its parent, so walking deep input costs no copying. */
type PathLink = { key: PropertyKey; parent: PathLink | null } | null;

function pathOf(link: PathLink, prefix: PropertyKey[]): PropertyKey[] {
  const keys: PropertyKey[] = [];
  for (let at = link; at; at = at.parent) keys.push(at.key);
  return [...prefix, ...keys.reverse()];
}

/**
 * The first string (value or key) anywhere in `value` that cannot be stored, as an issue naming
 * its path; null when all is storable. Walks iteratively, so deep nesting cannot overflow the stack.
 */
export function unstorableTextIssue(value: unknown, prefix: PropertyKey[] = []): InputIssue | null {
  const pending: [unknown, PathLink][] = [[value, null]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [current, at] = next;
    if (typeof current === 'string') {
      if (!isStorableText(current)) return { path: pathOf(at, prefix), message: `Text ${MESSAGE}.`, code: 'unstorable_text' };
    } else if (Array.isArray(current)) {
      // Pushed in reverse so the first bad item in reading order is the one reported.
      for (let index = current.length - 1; index >= 0; index -= 1) pending.push([current[index], { key: index, parent: at }]);
    } else if (current !== null && typeof current === 'object') {
      const entries = Object.entries(current);
      for (const [key] of entries) {
        if (!isStorableText(key)) return { path: pathOf({ key, parent: at }, prefix), message: `A key ${MESSAGE}.`, code: 'unstorable_text' };
      }
      for (let index = entries.length - 1; index >= 0; index -= 1) {
        const [key, item] = entries[index]!;
        pending.push([item, { key, parent: at }]);
      }
    }
  }
  return null;
}
