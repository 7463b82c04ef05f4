import { useSearchParams } from 'react-router';
import type { z } from 'zod';

/** Search params with string values only: what a URL can carry. */
type StringShape = Record<string, string | undefined>;

/**
 * A screen's search params, parsed with its zod schema (a value that is not one of the
 * choices falls back, never an error), and a setter that merges a change into the address
 * (`undefined` removes a key). Every link and reload restores the same screen state.
 */
export function useTypedSearch<S extends z.ZodType<StringShape>>(schema: S): [z.output<S>, (change: Partial<z.output<S>>) => void] {
  const [params, setParams] = useSearchParams();
  const parsed = schema.parse(Object.fromEntries(params));
  const update = (change: Partial<z.output<S>>) =>
    setParams((previous) => {
      const next = new URLSearchParams(previous);
      for (const [key, value] of Object.entries(change)) {
        if (typeof value === 'string' && value !== '') next.set(key, value);
        else next.delete(key);
      }
      return next;
    });
  return [parsed, update];
}
