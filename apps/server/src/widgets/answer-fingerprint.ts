import type { WidgetResult } from '@pulse/api-contract/schemas';

// Every live dashboard reading the same cache entry gets the same answer objects, so the text of
// each part is made once per answer, not once per open dashboard and read (200 dashboards of one
// organization compared 16 widgets each four times a second, each by its own JSON.stringify).
const texts = new WeakMap<object, string>();

function textOf(value: object | null): string {
  if (value === null) return 'null';
  let text = texts.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    texts.set(value, text);
  }
  return text;
}

/** What a live dashboard compares to decide whether a widget changed since it last sent it. */
export const fingerprintOf = (result: WidgetResult): string => [result.data, result.compare, result.error, result.stale].map(textOf).join('\n');
