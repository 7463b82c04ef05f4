import { useEffect, useState } from 'react';

/** The value once it has stopped changing for `delayMs`, compared by content (typing should not send one query per key). */
export function useSettled<T>(value: T, delayMs: number): T {
  const key = JSON.stringify(value);
  const [settled, setSettled] = useState({ key, value });
  useEffect(() => {
    if (key === settled.key) return;
    const timer = setTimeout(() => setSettled({ key, value }), delayMs);
    return () => clearTimeout(timer);
  }, [key, value, settled.key, delayMs]);
  return settled.value;
}
