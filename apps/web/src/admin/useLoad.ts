import { useCallback, useEffect, useRef, useState } from 'react';
import { describeError } from '../api/errors.ts';
import { useSessionStore } from '../auth/useSession.ts';

export type Loaded<T> = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: T };

export type Load<T> = {
  state: Loaded<T>;
  /** Loads again (after an error, or after a change the screen made). */
  reload(): void;
  /** Replaces the data in place, for a live update or a mutation's answer. */
  update(change: (data: T) => T): void;
};

/**
 * One query for a screen: loading, error (in words, with what to do) or its data. It loads
 * again whenever `key` changes (a filter, an organization); an older answer arriving late is
 * dropped. An expired token is refreshed once through the session.
 */
export function useLoad<T>(key: string, load: (signal: AbortSignal) => Promise<T>): Load<T> {
  const session = useSessionStore();
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(load);
  latest.current = load;

  useEffect(() => {
    const controller = new AbortController();
    setState((previous) => (previous.status === 'ready' ? previous : { status: 'loading' }));
    session.withAuth(() => latest.current(controller.signal)).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'ready', data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', message: describeError(error) });
      },
    );
    return () => controller.abort();
  }, [session, key, attempt]);

  const reload = useCallback(() => setAttempt((value) => value + 1), []);
  const update = useCallback((change: (data: T) => T) => {
    setState((previous) => (previous.status === 'ready' ? { status: 'ready', data: change(previous.data) } : previous));
  }, []);
  return { state, reload, update };
}
