import type { ReactNode } from 'react';
import { describeError } from '../api/errors.ts';

/** What a TanStack query (or infinite query, after `select`) says about its data. */
export type QueryLike<T> = { data: T | undefined; error: unknown; refetch(): unknown };

type Props<T> = {
  query: QueryLike<T>;
  /** What could not load, e.g. "The alerts". */
  what: string;
  children(data: T): ReactNode;
};

/**
 * The loading and error states every list shares; the data goes to `children`. Data once
 * shown stays while it is fetched again (a failed refetch keeps it: the live stream is the
 * one that says when it stops).
 */
export function QueryState<T>({ query, what, children }: Props<T>) {
  if (query.data !== undefined) return <>{children(query.data)}</>;
  if (query.error) {
    return (
      <div className="card error-state" role="alert">
        <h2>{what} could not load</h2>
        <p>{describeError(query.error)}</p>
        <button type="button" className="button" onClick={() => void query.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  return (
    <p className="muted" role="status">
      Loading…
    </p>
  );
}
