import { useCallback, useEffect, useRef, useState } from 'react';
import { describeError } from '../api/errors.ts';
import { useSessionStore } from '../auth/useSession.ts';

export type Loaded<T> = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: T };

export type Load<T> = {
  state: Loaded<T>;
  /** Loads again (after an error, or after a change the screen made). */
  reload(): void;
  /** Changes the data in place, for a live update or a mutation's answer (kept for later while loading: make it idempotent). */
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
  // Changes (live frames) that arrive while a load is in flight: applied to its answer too, so a
  // change made between the server's read and its answer is not lost.
  const pending = useRef<((data: T) => T)[] | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    pending.current = [];
    setState((previous) => (previous.status === 'ready' ? previous : { status: 'loading' }));
    session.withAuth(() => latest.current(controller.signal)).then(
      (data) => {
        if (controller.signal.aborted) return;
        const changes = pending.current ?? [];
        pending.current = null;
        setState({ status: 'ready', data: changes.reduce((current, change) => change(current), data) });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        pending.current = null;
        setState({ status: 'error', message: describeError(error) });
      },
    );
    return () => controller.abort();
  }, [session, key, attempt]);

  const reload = useCallback(() => setAttempt((value) => value + 1), []);
  const update = useCallback((change: (data: T) => T) => {
    pending.current?.push(change);
    setState((previous) => (previous.status === 'ready' ? { status: 'ready', data: change(previous.data) } : previous));
  }, []);
  return { state, reload, update };
}
