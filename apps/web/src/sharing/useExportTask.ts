import { useState } from 'react';
import { describeError, isApiError } from '../api/errors.ts';

/**
 * One export at a time from a menu: runs it, and keeps what went wrong in words for the screen
 * (the server's answer, or a browser that could not draw or read a file).
 */
export function useExportTask() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function run(task: () => Promise<void>) {
    setError(null);
    setBusy(true);
    try {
      await task();
    } catch (failure) {
      setError(isApiError(failure) ? describeError(failure) : failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }
  return { run, busy, error, clear: () => setError(null) };
}
