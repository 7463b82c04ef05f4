import type { ReactNode } from 'react';
import type { Loaded } from './useLoad.ts';

type Props<T> = {
  loaded: Loaded<T>;
  /** What could not load, e.g. "The alerts". */
  what: string;
  onRetry(): void;
  children(data: T): ReactNode;
};

/** The loading and error states every admin screen shares; the data goes to `children`. */
export function LoadState<T>({ loaded, what, onRetry, children }: Props<T>) {
  if (loaded.status === 'loading') {
    return (
      <p className="muted" role="status">
        Loading…
      </p>
    );
  }
  if (loaded.status === 'error') {
    return (
      <div className="card error-state" role="alert">
        <h2>{what} could not load</h2>
        <p>{loaded.message}</p>
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      </div>
    );
  }
  return <>{children(loaded.data)}</>;
}
